// The reference of the `umlync:topology` keys, generated from the schema: every mapping's keys
// with what to write there. Keys that are a resource kind's fields are described by the field
// (its description, allowed values and default, from the kind's field table), so the reference,
// the validation messages and the resource's own check say the same thing.

import { SHAPES } from './schema';
import { STACK_KEY } from './issues';
import { hintFor } from './zod-issues';

export interface KeyDoc {
  /** The mapping's address, as in SHAPES ('' is the top, 'dialPlans' a dial plan entry). */
  mapping: string;
  key: string;
  /** What to write there. */
  text: string;
}

/** Every key of every mapping of the topology, in schema order. */
export function topologyKeys(): KeyDoc[] {
  return Object.entries(SHAPES).flatMap(([mapping, keys]) => keys.map((key) => ({ mapping, key, text: hintFor(key, mapping) })));
}

/** The keys as Markdown, one section per mapping (for the README's topology reference). */
export function topologyReference(): string {
  const out: string[] = [];
  for (const [mapping, keys] of Object.entries(SHAPES)) {
    out.push(`### ${mapping === '' ? STACK_KEY : `${STACK_KEY}.${mapping}`}`, '', '| key | what to write |', '|---|---|');
    for (const key of keys) out.push(`| \`${key}\` | ${hintFor(key, mapping).replace(/\|/g, '\\|')} |`);
    out.push('');
  }
  return out.join('\n');
}
