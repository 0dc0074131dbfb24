// A small argv parser: positionals plus --flag / --flag value / --flag=value options.
export interface Parsed {
  positionals: string[];
  options: Map<string, string | true>;
}

/** `valued` lists options that take a value; others are boolean flags. */
export function parseArgs(argv: readonly string[], valued: readonly string[]): Parsed {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (eq > 0) options.set(name, a.slice(eq + 1));
      else if (valued.includes(name)) {
        if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
        options.set(name, argv[++i]);
      } else options.set(name, true);
      continue;
    }
    positionals.push(a);
  }
  return { positionals, options };
}

export class UsageError extends Error {}

export function numberOption(p: Parsed, name: string): number | undefined {
  const v = p.options.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === true || !Number.isFinite(n) || n < 0) throw new UsageError(`--${name} needs a number >= 0`);
  return n;
}

export function stringOption(p: Parsed, name: string): string | undefined {
  const v = p.options.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

export function rejectUnknown(p: Parsed, allowed: readonly string[]): void {
  for (const k of p.options.keys()) if (!allowed.includes(k)) throw new UsageError(`unknown option --${k}`);
}
