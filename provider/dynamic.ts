// The provider object Pulumi serializes into state. It captures only the kind's name and
// defers everything to `umlync/runtime` (provider/runtime.ts, compiled) at run time, resolved
// from the project's node_modules: the installed package in a user's project, the
// scripts/self-link workspace in this repository. So state holds no secrets, no pool and no
// copy of the library, and an upgraded library is picked up by every existing resource.

import type * as pulumi from '@pulumi/pulumi';

const cache = new Map<string, pulumi.dynamic.ResourceProvider>();

export function dynamicProvider(kind: string): pulumi.dynamic.ResourceProvider {
  const hit = cache.get(kind);
  if (hit) return hit;
  const entry = 'umlync/runtime';
  const load = () => require(entry).resourceProviders[kind];
  const provider: pulumi.dynamic.ResourceProvider = {
    configure: async (req) => require(entry).configure(req.config),
    check: async (olds, news) => load().check(olds, news),
    diff: async (id, olds, news) => load().diff(id, olds, news),
    create: async (inputs) => load().create(inputs),
    read: async (id, props) => load().read(id, props),
    update: async (id, olds, news) => load().update(id, olds, news),
    delete: async (id, props) => load().delete(id, props),
  };
  cache.set(kind, provider);
  return provider;
}
