// Builds cmdlet calls from typed arguments. Values only ever pass through quote.ts; secrets
// are left as placeholders that the shell fills with an expression decrypting them inside
// PowerShell (see secret-pad.ts), so their clear text never reaches the command line.

import { identifier, literal, PsLiteral } from './quote';

/** A value that must never appear in command text, logs or errors. */
export class Secret {
  constructor(private readonly value: string) {}
  reveal(): string {
    return this.value;
  }
  toString(): string {
    return '[secret]';
  }
  toJSON(): string {
    return '[secret]';
  }
}

export type ArgValue = PsLiteral | Secret | undefined;

/** A PowerShell script body plus the secrets its placeholders refer to. */
export interface Script {
  readonly text: string;
  readonly secrets: readonly Secret[];
}

// Control characters can't occur in rendered data (quote.ts refuses them), so this marker
// can't be forged by a value.
export const SECRET_MARK = '\u0000S';
export const secretPlaceholder = (i: number) => `${SECRET_MARK}${i}\u0000`;
export const SECRET_PLACEHOLDER_RE = /\u0000S(\d+)\u0000/g;

export class ScriptBuilder {
  private readonly lines: string[] = [];
  private readonly secrets: Secret[] = [];

  /** Appends `<Cmdlet> -P value ...`; undefined arguments are omitted, booleans use -P:$x. */
  command(cmdlet: string, args: Record<string, ArgValue> = {}, tail = ''): this {
    this.lines.push(this.render(cmdlet, args) + tail);
    return this;
  }

  /** Appends a line of constant PowerShell written by the provider itself (never data). */
  raw(text: string): this {
    this.lines.push(text);
    return this;
  }

  render(cmdlet: string, args: Record<string, ArgValue>): string {
    const parts = [identifier(cmdlet)];
    for (const [name, value] of Object.entries(args)) {
      if (value === undefined) continue;
      const p = identifier(name);
      if (value instanceof Secret) {
        this.secrets.push(value);
        parts.push(`-${p} ${secretPlaceholder(this.secrets.length - 1)}`);
      } else if (typeof value === 'boolean') {
        parts.push(`-${p}:${literal(value, name)}`);
      } else {
        parts.push(`-${p} ${literal(value, name)}`);
      }
    }
    return parts.join(' ');
  }

  build(): Script {
    return { text: this.lines.join('\n'), secrets: [...this.secrets] };
  }
}

export type PsType = 'string' | 'int' | 'bool' | 'string[]';

/**
 * `Select-Object` with one calculated property per field, casting on the PowerShell side:
 * objects from implicit remoting are deserialized property bags whose enums and identities
 * would otherwise serialize as nested objects or numbers.
 */
export function selectProperties(props: ReadonlyArray<{ name: string; type: PsType; from?: string; constant?: string }>): string {
  const cast: Record<PsType, string> = { string: '[string]', int: '[int]', bool: '[bool]', 'string[]': '[string[]]' };
  const items = props.map((p) =>
    p.constant !== undefined
      ? `@{Name=${literal(p.name)};Expression={${literal(p.constant)}}}`
      : `@{Name=${literal(p.name)};Expression={${cast[p.type]}$_.${identifier(p.from ?? p.name)}}}`,
  );
  return `Select-Object -Property ${items.join(',')}`;
}
