// Identity resolution shared by the kinds: exact match on any accepted form, wildcards for Get-*,
// and the not-found / ambiguous errors of the owning side.
import { PsValue } from './cmdlet';
import { Call } from './runtime';
import { identityOf, wildcard } from './values';

export type Matcher<T> = (item: T, id: string) => boolean;

/** Items matching an identity; `*`/`?` act as wildcards when `allowWildcards`. */
export function matchAll<T>(items: readonly T[], id: string, match: Matcher<T>, keys: (item: T) => string[], allowWildcards: boolean): T[] {
  if (allowWildcards && /[*?]/.test(id)) return items.filter((it) => keys(it).some((k) => wildcard(id, k)));
  return items.filter((it) => match(it, id));
}

/** Exactly one object for `raw`, or the side's not-found / ambiguous error. */
export function resolveOne<T>(c: Call, items: readonly T[], raw: PsValue | undefined, match: Matcher<T>, shownAs?: string): T {
  const id = identityOf(raw) ?? '';
  const hits = items.filter((it) => match(it, id));
  if (hits.length === 0) throw c.e.notFound(shownAs ?? id);
  if (hits.length > 1) throw c.e.ambiguous(id);
  return hits[0];
}

/** Case-insensitive equality against any of the given keys. */
export function anyKey(id: string, ...keys: Array<string | null | undefined>): boolean {
  const l = id.toLowerCase();
  return keys.some((k) => k !== null && k !== undefined && k.toLowerCase() === l);
}
