// Lync topology, read-only: Get-CsSite, Get-CsPool, Get-CsService (-Registrar / -Director /
// -MediationServer ...). Pools are pre-existing in every deployment; the lab never creates them.
import { PsObject } from './cmdlet';
import { lyncTypeNames, pools, sites } from './lync-common';
import { matchAll } from './lookup';
import { CmdletDef } from './runtime';
import { CsPool, CsSite } from './types';
import { bool, eqi, identityOf, str, wildcard } from './values';

const ROLE_SWITCHES = ['Registrar', 'Director', 'MediationServer', 'WebServer', 'UserServer', 'ConferencingServer'] as const;

function siteOf(all: CsSite[], p: CsPool): CsSite | undefined {
  return all.find((s) => s.name === p.site);
}

export function renderPool(all: CsSite[], p: CsPool): PsObject {
  return new PsObject(
    [
      ['Identity', p.fqdn],
      ['Services', [...p.services]],
      ['Computers', [...p.computers]],
      ['Fqdn', p.fqdn],
      ['Site', `Site:${siteOf(all, p)?.name ?? p.site}`],
    ],
    lyncTypeNames('Microsoft.Rtc.Management.Xds.DisplayPool'),
  );
}

function renderService(allSites: CsSite[], all: CsPool[], p: CsPool, service: string): PsObject {
  const [role] = service.split(':');
  const site = siteOf(allSites, p);
  const index = all.filter((x) => x.services.some((s) => s.startsWith(`${role}:`))).indexOf(p) + 1;
  const others = p.services.filter((s) => s !== service);
  const props: Array<[string, unknown]> = [
    ['Identity', service],
    ['PoolFqdn', p.fqdn],
    ['SiteId', `Site:${site?.name ?? p.site}`],
    ['ServiceId', `${site?.siteId ?? 1}-${role}-${index}`],
    ['Role', role],
    ['Version', p.version],
    ['DependentServiceList', others],
  ];
  if (role === 'Registrar') {
    const find = (r: string) => p.services.find((s) => s.startsWith(`${r}:`)) ?? null;
    props.push(['UserServer', find('UserServer')], ['WebServer', find('WebServer')], ['MediationServer', find('MediationServer')], ['SipServerTcpPort', 5060], ['SipServerTlsPort', 5061], ['IsDirector', false]);
  }
  if (role === 'Director') props.push(['SipServerTlsPort', 5061], ['WebServer', p.services.find((s) => s.startsWith('WebServer:')) ?? null]);
  return new PsObject(props as Array<[string, never]>, lyncTypeNames(`Microsoft.Rtc.Management.Xds.Display${role}`));
}

export const topologyCmdlets: CmdletDef[] = [
  {
    name: 'Get-CsSite',
    side: 'lync',
    parameters: [
      { name: 'Identity', type: 'object', position: 0 },
      { name: 'Filter', type: 'string' },
    ],
    run(c) {
      let all = sites(c.tx);
      const id = identityOf(c.p.Identity);
      if (id !== null) {
        all = all.filter((s) => eqi(id.replace(/^site:/i, ''), s.name) || eqi(id.replace(/^site:/i, ''), String(s.siteId)));
        if (!all.length) throw c.e.notFound(id);
      }
      const f = str(c.p.Filter);
      if (f) all = all.filter((s) => wildcard(f, `Site:${s.name}`));
      const ps = pools(c.tx);
      return all.map(
        (s) =>
          new PsObject(
            [
              ['Identity', `Site:${s.name}`],
              ['SiteId', s.siteId],
              ['Services', ps.filter((p) => p.site === s.name).flatMap((p) => p.services)],
              ['Pools', ps.filter((p) => p.site === s.name).map((p) => p.fqdn)],
              ['FederationRoute', null],
              ['XmppFederationRoute', null],
              ['DefaultPersistentChatPool', null],
              ['Description', null],
              ['DisplayName', s.name],
              ['SiteType', 'CentralSite'],
              ['ParentSite', null],
            ],
            lyncTypeNames('Microsoft.Rtc.Management.Xds.DisplaySite'),
          ),
      );
    },
  },
  {
    name: 'Get-CsPool',
    side: 'lync',
    parameters: [
      { name: 'Identity', type: 'object', position: 0 },
      { name: 'Filter', type: 'string' },
      { name: 'Site', type: 'string' },
    ],
    run(c) {
      let all = pools(c.tx);
      const allSites = sites(c.tx);
      const id = identityOf(c.p.Identity);
      if (id !== null) {
        all = matchAll(all, id, (p, x) => eqi(p.fqdn, x), (p) => [p.fqdn], true);
        if (!all.length) throw c.e.notFound(id);
      }
      const f = str(c.p.Filter);
      if (f) all = all.filter((p) => wildcard(f, p.fqdn));
      const site = str(c.p.Site);
      if (site) all = all.filter((p) => eqi(p.site, site.replace(/^site:/i, '')));
      return all.map((p) => renderPool(allSites, p));
    },
  },
  {
    name: 'Get-CsService',
    side: 'lync',
    parameters: [
      { name: 'Identity', type: 'string', position: 0 },
      { name: 'PoolFqdn', type: 'string' },
      { name: 'Filter', type: 'string' },
      ...ROLE_SWITCHES.map((r) => ({ name: r, type: 'switch' as const })),
    ],
    run(c) {
      const roles = ROLE_SWITCHES.filter((r) => bool(c.p[r]));
      if (roles.length > 1) {
        throw c.e.invalid('Parameter set cannot be resolved using the specified named parameters. Specify only one service role switch.');
      }
      const allPools = pools(c.tx);
      const allSites = sites(c.tx);
      const out: PsObject[] = [];
      const id = str(c.p.Identity);
      const poolFqdn = str(c.p.PoolFqdn);
      const filter = str(c.p.Filter);
      for (const p of allPools) {
        if (poolFqdn && !eqi(p.fqdn, poolFqdn)) continue;
        for (const s of p.services) {
          if (roles.length && !s.startsWith(`${roles[0]}:`)) continue;
          if (id && !eqi(id.replace(/^service:/i, ''), s)) continue;
          if (filter && !wildcard(filter, s)) continue;
          out.push(renderService(allSites, allPools, p, s));
        }
      }
      if (id && !out.length) throw c.e.notFound(id);
      return out;
    },
  },
];
