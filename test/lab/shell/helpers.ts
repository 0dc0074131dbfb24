// Shared helpers for the lab shell tests: an interpreter over the in-memory fake models, with
// its own $env: store so tests never touch process.env.
import * as assert from 'assert';
import { createInterpreter, type LabShell, type RunResult } from '../../../lab/shell';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { createLabModels } = require('./fixtures/fake-models.js');

export interface FakeModels {
  calls: Array<{ name: string; params: Record<string, unknown> }>;
  state: Record<string, Array<Record<string, unknown>>>;
  sessions: Map<string, unknown>;
}

export interface TestShell {
  sh: LabShell;
  models: FakeModels;
  env: Record<string, string | undefined>;
}

export const EXCHANGE = "$s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri 'http://ex01.lab.contoso.com/PowerShell/' -Authentication Kerberos; Import-PSSession $s -DisableNameChecking -AllowClobber | Out-Null";
export const LYNC = "$l = New-PSSession -ConnectionUri 'https://pool01.lab.contoso.com/OcsPowershell'; Import-PSSession $l -DisableNameChecking -AllowClobber | Out-Null";

export function newShell(env: Record<string, string | undefined> = {}, opts: { confirm?: (c: string, m: string) => Promise<boolean> } = {}): TestShell {
  const models = createLabModels() as FakeModels;
  const sh = createInterpreter({ models: models as never, env, pid: 4242, confirm: opts.confirm });
  return { sh, models, env };
}

/** Runs text that must not write errors; returns stdout without the trailing newline. */
export async function ok(t: TestShell, text: string): Promise<string> {
  const r = await t.sh.run(text);
  assert.strictEqual(r.stderr, '', `unexpected error for: ${text}\n${r.stderr}`);
  return r.stdout.replace(/\n+$/, '');
}

/** Runs text that must write an error; returns the whole result. */
export async function fails(t: TestShell, text: string): Promise<RunResult> {
  const r = await t.sh.run(text);
  assert.notStrictEqual(r.stderr, '', `expected an error for: ${text}\nstdout: ${r.stdout}`);
  return r;
}

/** The FullyQualifiedErrorId line of the first error in stderr. */
export function errorId(r: RunResult): string {
  const m = /\+ FullyQualifiedErrorId : (.*)/.exec(r.stderr);
  return m ? m[1] : '';
}

/** Evaluates an expression and returns its value through ConvertTo-Json (arrays kept). */
export async function value(t: TestShell, expr: string): Promise<unknown> {
  const out = await ok(t, `[Console]::Out.WriteLine((ConvertTo-Json -InputObject (${expr}) -Depth 8 -Compress))`);
  return JSON.parse(out);
}

/** Lines written to stdout. */
export async function lines(t: TestShell, text: string): Promise<string[]> {
  const out = await ok(t, text);
  return out === '' ? [] : out.split('\n');
}

/** Several expressions, each evaluated on its own (the comma binds tighter than most operators). */
export async function values(t: TestShell, exprs: string[]): Promise<unknown[]> {
  return (await value(t, '@(' + exprs.map((e) => `(${e})`).join(', ') + ')')) as unknown[];
}
