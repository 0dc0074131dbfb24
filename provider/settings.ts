// Connection settings: where the shells run and which endpoints they open. They come from
// the stack config (key `umlync:connection`, password `umlync:password` as a secret) that the
// runner hands to the provider process through its environment, never from resource inputs,
// so pointing a stack at another server never replaces a resource.

import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { UmlyncError } from './errors';

export const connectionSchema = z
  .object({
    /** The shell executable: the lab shell by default, `pwsh` or `powershell.exe` for a real lab. */
    shell: z.string().min(1).optional(),
    exchangeUri: z.string().url().default('http://ex01.lab.contoso.com/PowerShell/'),
    lyncUri: z.string().url().default('https://pool01.lab.contoso.com/OcsPowershell'),
    authentication: z.enum(['Kerberos', 'Negotiate', 'Basic', 'Default']).default('Kerberos'),
    user: z.string().min(1).optional(),
    /**
     * Shells (each one Exchange and one Lync session). Exchange's default throttling policy allows
     * 18 concurrent shells per admin; 3 leaves the admin room for their own. The benchmark found
     * no gain from 8 (200 users, latency on: 38.8 s with 3, 42.1 s with 8): the Pulumi engine's
     * per-step cost bounds `up`, not the shells.
     */
    poolSize: z.number().int().min(1).max(16).default(3),
    callTimeoutMs: z.number().int().min(1000).default(120_000),
    connectTimeoutMs: z.number().int().min(1000).default(180_000),
    maxAttempts: z.number().int().min(1).max(10).default(5),
  })
  .strict();

export type ConnectionSettings = z.infer<typeof connectionSchema> & {
  shell: string;
  password?: string;
};

export function projectRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'umlync') return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

export function labShellPath(): string {
  return path.join(projectRoot(), 'lab', 'bin', 'umlync-lab-shell.js');
}

const ENV_KEYS: Record<string, [keyof z.input<typeof connectionSchema>, 'string' | 'int']> = {
  UMLYNC_SHELL: ['shell', 'string'],
  UMLYNC_EXCHANGE_URI: ['exchangeUri', 'string'],
  UMLYNC_LYNC_URI: ['lyncUri', 'string'],
  UMLYNC_AUTHENTICATION: ['authentication', 'string'],
  UMLYNC_USER: ['user', 'string'],
  UMLYNC_POOL_SIZE: ['poolSize', 'int'],
  UMLYNC_CALL_TIMEOUT_MS: ['callTimeoutMs', 'int'],
  UMLYNC_CONNECT_TIMEOUT_MS: ['connectTimeoutMs', 'int'],
  UMLYNC_MAX_ATTEMPTS: ['maxAttempts', 'int'],
};

/** Environment variable names the runner sets from stack config. */
export const SETTINGS_ENV = { ...Object.fromEntries(Object.entries(ENV_KEYS).map(([k, [f]]) => [f, k])), password: 'UMLYNC_PASSWORD' } as Record<string, string>;

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  const raw: Record<string, unknown> = {};
  for (const [name, [field, type]] of Object.entries(ENV_KEYS)) {
    const v = env[name];
    if (v === undefined || v === '') continue;
    raw[field] = type === 'int' ? Number(v) : v;
  }
  return parseSettings(raw, env.UMLYNC_PASSWORD);
}

export function parseSettings(raw: unknown, password?: string, keyPrefix = 'umlync:connection'): ConnectionSettings {
  const parsed = connectionSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      // A typo, or a setting umlync no longer has: name it and say how to drop it.
      const key = issue.keys[0];
      const where = [keyPrefix, ...issue.path, key].join('.');
      const known = Object.keys(connectionSchema.shape);
      const near = known.find((k) => k.toLowerCase() === key.toLowerCase());
      const hint =
        key.toLowerCase() === 'password'
          ? ` The password belongs in its own secret: pulumi config set --secret ${keyPrefix.split(':')[0]}:password.`
          : near
            ? ` Did you mean '${near}'?`
            : '';
      throw new UmlyncError(
        'CONFIG',
        `'${key}' is not a connection setting umlync knows; remove it from the stack config (pulumi config rm --path '${where}') or fix its spelling.${hint} Settings allowed under ${[keyPrefix, ...issue.path].join('.')}: ${known.join(', ')}.`,
        where,
      );
    }
    const where = [keyPrefix, ...issue.path].join('.');
    throw new UmlyncError('CONFIG', `${issue.message}; fix it in the stack config (pulumi config set --path '${where}' ...)`, where);
  }
  return { ...parsed.data, shell: parsed.data.shell ?? labShellPath(), password: password || undefined };
}

/** The environment the runner gives the provider process for these settings (password included). */
export function settingsToEnv(raw: Record<string, unknown>, password?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [envName, [field]] of Object.entries(ENV_KEYS)) {
    if (raw[field] !== undefined) out[envName] = String(raw[field]);
  }
  if (password) out.UMLYNC_PASSWORD = password;
  return out;
}

/**
 * Stack config (`umlync:connection` as an object, `umlync:password` as a secret), with the
 * provider process's UMLYNC_* environment taking precedence so CI and benchmarks can steer it.
 */
export function settingsFromStack(config: { get(key: string): unknown }, env: NodeJS.ProcessEnv = process.env): ConnectionSettings {
  let raw: Record<string, unknown> = {};
  // Structured config reaches the provider as JSON text or as an object, depending on the path.
  const value = config.get('umlync:connection');
  const password = config.get('umlync:password');
  const secret = env.UMLYNC_PASSWORD || (typeof password === 'string' ? password : undefined);
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = value === '' ? undefined : JSON.parse(value);
    } catch {
      throw new UmlyncError('CONFIG', 'must be an object (set it with `pulumi config set --path umlync:connection.<key> <value>`)', 'umlync:connection');
    }
  }
  if (parsed !== undefined && parsed !== null) {
    // Anything but an object is refused with the schema's own error, before the environment is merged in.
    if (typeof parsed !== 'object' || Array.isArray(parsed)) return parseSettings(parsed, secret);
    raw = { ...(parsed as Record<string, unknown>) };
  }
  const fromEnv = settingsFromEnv(env);
  for (const [envName, [field]] of Object.entries(ENV_KEYS)) {
    if (env[envName] !== undefined && env[envName] !== '') raw[field] = (fromEnv as Record<string, unknown>)[field];
  }
  return parseSettings(raw, secret);
}
