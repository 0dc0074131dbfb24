// Shared test helpers: a lab on a temp state file, property access, and "fails with this error
// and changes nothing" assertions.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createLabModels, Lab, PsError, PsObject, PsValue, SessionInfo } from '../../../lab/models';

const tempDirs: string[] = [];

export function tempState(name = 'lab'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `umlync-${name}-`));
  tempDirs.push(dir);
  return path.join(dir, 'state.sqlite');
}

// A root-level hook: once every suite is done, the temporary state files go.
after(() => {
  for (const d of tempDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** One lab per test file; call `fresh()` in beforeEach to reload the fixture. */
export function useLab(): { lab: () => Lab } {
  let lab: Lab | null = null;
  before(() => {
    lab = createLabModels({ statePath: tempState() });
  });
  beforeEach(() => {
    lab!.reset();
  });
  after(() => {
    lab?.close();
  });
  return { lab: () => lab! };
}

export function obj(v: PsValue | undefined): PsObject {
  assert.ok(v instanceof PsObject, `expected a PsObject, got ${JSON.stringify(v)}`);
  return v as PsObject;
}

/** A plain record of an output object's properties. */
export function props(v: PsValue | undefined): Record<string, PsValue> {
  return Object.fromEntries(obj(v).properties);
}

export async function one(lab: Lab, cmdlet: string, params: Record<string, PsValue> = {}, session: SessionInfo | null = null): Promise<Record<string, PsValue>> {
  const out = await lab.run(cmdlet, params, { session });
  assert.strictEqual(out.length, 1, `${cmdlet} returned ${out.length} objects`);
  return props(out[0]);
}

export interface ErrorExpectation {
  message?: RegExp | string;
  reason?: string;
  fqid?: RegExp | string;
  category?: string;
}

export async function expectError(p: Promise<unknown>, e: ErrorExpectation): Promise<PsError> {
  let err: unknown;
  try {
    await p;
  } catch (x) {
    err = x;
  }
  assert.ok(err instanceof PsError, `expected a PsError, got ${err instanceof Error ? err.stack : JSON.stringify(err)}`);
  const pe = err as PsError;
  if (e.message instanceof RegExp) assert.match(pe.message, e.message);
  else if (e.message !== undefined) assert.strictEqual(pe.message, e.message);
  if (e.reason !== undefined) assert.strictEqual(pe.reason, e.reason);
  if (e.category !== undefined) assert.strictEqual(pe.category, e.category);
  if (e.fqid instanceof RegExp) assert.match(pe.fullyQualifiedErrorId, e.fqid);
  else if (e.fqid !== undefined) assert.strictEqual(pe.fullyQualifiedErrorId, e.fqid);
  return pe;
}

/** The cmdlet fails with the expected error and the organisation's state is byte-for-byte unchanged. */
export async function rejects(lab: Lab, cmdlet: string, params: Record<string, PsValue>, e: ErrorExpectation, session: SessionInfo | null = null): Promise<PsError> {
  const before = lab.dumpJson();
  const err = await expectError(lab.run(cmdlet, params, { session }), e);
  assert.strictEqual(lab.dumpJson(), before, `${cmdlet} changed state although it failed`);
  return err;
}

export const NOT_FOUND_EX = (id: string) => ({
  message: `The operation couldn't be performed because object '${id}' couldn't be found on 'dc01.lab.contoso.com'.`,
  reason: 'ManagementObjectNotFoundException',
});

export const NOT_FOUND_CS = (id: string) => ({ message: `Management object not found for identity "${id}".`, reason: 'ManagementException' });

export const ALREADY_EXISTS = (dn: RegExp | string) => ({
  message: dn instanceof RegExp ? dn : `Active Directory operation failed on dc01.lab.contoso.com. The object '${dn}' already exists.`,
  reason: 'ADObjectAlreadyExistsException',
});

export const ORG_DN = 'CN=Contoso,CN=Microsoft Exchange,CN=Services,CN=Configuration,DC=lab,DC=contoso,DC=com';

/** A SIP dial plan plus gateway/hunt group on pool01, the usual Lync integration. */
export async function sipDialPlan(lab: Lab, name = 'SIPDP', security = 'Secured'): Promise<void> {
  await lab.run('New-UMDialPlan', { Name: name, NumberOfDigitsInExtension: 4, CountryOrRegionCode: '1', URIType: 'SipName', VoIPSecurity: security });
}
