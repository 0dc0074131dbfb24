// Connection settings: the stack config (`umlync:connection`, secret `umlync:password`), the
// UMLYNC_* environment the runner hands the provider process, and the errors a bad value gives.
// Every call passes its own environment: nothing here reads or changes process.env.
import { strict as assert } from 'assert';
import * as path from 'path';
import { UmlyncError } from '../../provider/errors';
import { labShellPath, parseSettings, settingsFromEnv, settingsFromStack, settingsToEnv } from '../../provider/settings';

const PASSWORD = 'Canary-Pa55word-9137';

/** A stand-in for the provider's config bag (full keys, as configure() receives them). */
function stack(values: Record<string, unknown>): { get(key: string): unknown } {
  return { get: (key: string) => values[key] };
}

/** Asserts a CONFIG UmlyncError about `key` whose message says how to fix it and holds no password. */
function assertConfigError(fn: () => unknown, key: string, fix: RegExp = new RegExp(`pulumi config set --path '${key.replace(/[.]/g, '\\.')}'`)): UmlyncError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof UmlyncError, `expected a UmlyncError, got ${caught === undefined ? 'no error' : String(caught)}`);
  assert.strictEqual(caught.code, 'CONFIG');
  assert.strictEqual(caught.field, key);
  assert.ok(caught.message.startsWith(`${key}: `), caught.message);
  assert.match(caught.message, fix);
  assert.ok(!caught.message.includes(PASSWORD), `the password leaked into: ${caught.message}`);
  assert.ok(!String(caught.stack).includes(PASSWORD), 'the password leaked into the stack trace');
  return caught;
}

describe('provider/settings: connection settings', () => {
  describe('defaults', () => {
    it('an absent or empty config gives the documented defaults and the bundled lab shell', () => {
      const d = parseSettings(undefined);
      assert.strictEqual(d.shell, labShellPath());
      assert.strictEqual(path.basename(d.shell), 'umlync-lab-shell.js');
      assert.strictEqual(d.exchangeUri, 'http://ex01.lab.contoso.com/PowerShell/');
      assert.strictEqual(d.lyncUri, 'https://pool01.lab.contoso.com/OcsPowershell');
      assert.strictEqual(d.authentication, 'Kerberos');
      assert.strictEqual(d.user, undefined);
      assert.strictEqual(d.password, undefined);
      assert.strictEqual(d.poolSize, 3);
      assert.strictEqual(d.callTimeoutMs, 120_000);
      assert.strictEqual(d.connectTimeoutMs, 180_000);
      assert.strictEqual(d.maxAttempts, 5);
      assert.deepStrictEqual(parseSettings(null), d);
      assert.deepStrictEqual(parseSettings({}), d);
      assert.deepStrictEqual(settingsFromEnv({}), d);
      assert.deepStrictEqual(settingsFromStack(stack({}), {}), d);
      assert.deepStrictEqual(settingsFromStack(stack({ 'umlync:connection': '' }), {}), d);
    });

    it('an empty password counts as none', () => {
      assert.strictEqual(parseSettings({}, '').password, undefined);
      assert.strictEqual(settingsFromEnv({ UMLYNC_PASSWORD: '' }).password, undefined);
    });

    it('a set value replaces only its own default', () => {
      const s = parseSettings({ poolSize: 8, authentication: 'Negotiate', shell: 'pwsh' }, PASSWORD);
      assert.strictEqual(s.poolSize, 8);
      assert.strictEqual(s.authentication, 'Negotiate');
      assert.strictEqual(s.shell, 'pwsh');
      assert.strictEqual(s.password, PASSWORD);
      assert.strictEqual(s.maxAttempts, 5);
      assert.strictEqual(s.exchangeUri, 'http://ex01.lab.contoso.com/PowerShell/');
    });
  });

  describe('the environment', () => {
    it('reads every UMLYNC_* variable, numbers as numbers, and skips empty ones', () => {
      const s = settingsFromEnv({
        UMLYNC_SHELL: '/usr/bin/pwsh',
        UMLYNC_EXCHANGE_URI: 'http://ex02.lab.contoso.com/PowerShell/',
        UMLYNC_LYNC_URI: 'https://pool02.lab.contoso.com/OcsPowershell',
        UMLYNC_AUTHENTICATION: 'Basic',
        UMLYNC_USER: 'LAB\\svc-umlync',
        UMLYNC_POOL_SIZE: '4',
        UMLYNC_CALL_TIMEOUT_MS: '5000',
        UMLYNC_CONNECT_TIMEOUT_MS: '',
        UMLYNC_MAX_ATTEMPTS: '2',
        UMLYNC_PASSWORD: PASSWORD,
      });
      assert.strictEqual(s.shell, '/usr/bin/pwsh');
      assert.strictEqual(s.exchangeUri, 'http://ex02.lab.contoso.com/PowerShell/');
      assert.strictEqual(s.lyncUri, 'https://pool02.lab.contoso.com/OcsPowershell');
      assert.strictEqual(s.authentication, 'Basic');
      assert.strictEqual(s.user, 'LAB\\svc-umlync');
      assert.strictEqual(s.poolSize, 4);
      assert.strictEqual(s.callTimeoutMs, 5000);
      assert.strictEqual(s.connectTimeoutMs, 180_000);
      assert.strictEqual(s.maxAttempts, 2);
      assert.strictEqual(s.password, PASSWORD);
    });

    it('settingsToEnv writes what settingsFromEnv reads back, password included only when there is one', () => {
      const raw = { exchangeUri: 'http://ex02.lab.contoso.com/PowerShell/', authentication: 'Negotiate', user: 'svc', poolSize: 5, callTimeoutMs: 9000, maxAttempts: 3 };
      const env = settingsToEnv(raw, PASSWORD);
      assert.deepStrictEqual(env, {
        UMLYNC_EXCHANGE_URI: 'http://ex02.lab.contoso.com/PowerShell/',
        UMLYNC_AUTHENTICATION: 'Negotiate',
        UMLYNC_USER: 'svc',
        UMLYNC_POOL_SIZE: '5',
        UMLYNC_CALL_TIMEOUT_MS: '9000',
        UMLYNC_MAX_ATTEMPTS: '3',
        UMLYNC_PASSWORD: PASSWORD,
      });
      assert.deepStrictEqual(settingsFromEnv(env), parseSettings(raw, PASSWORD));
      assert.deepStrictEqual(settingsToEnv({}), {});
      assert.ok(!('UMLYNC_PASSWORD' in settingsToEnv(raw)));
      assert.ok(!('UMLYNC_PASSWORD' in settingsToEnv(raw, '')));
      assert.ok(!('UMLYNC_USER' in settingsToEnv({ user: undefined })));
    });
  });

  describe('the stack config', () => {
    const connection = { poolSize: 2, authentication: 'Negotiate', user: 'LAB\\stack-user', maxAttempts: 4 };

    it('takes `umlync:connection` as an object or as JSON text, with the same result', () => {
      const fromObject = settingsFromStack(stack({ 'umlync:connection': connection, 'umlync:password': PASSWORD }), {});
      const fromText = settingsFromStack(stack({ 'umlync:connection': JSON.stringify(connection), 'umlync:password': PASSWORD }), {});
      assert.deepStrictEqual(fromText, fromObject);
      assert.deepStrictEqual(fromObject, parseSettings(connection, PASSWORD));
      assert.strictEqual(fromObject.poolSize, 2);
      assert.strictEqual(fromObject.user, 'LAB\\stack-user');
      assert.strictEqual(fromObject.password, PASSWORD);
    });

    it('the environment takes precedence over the stack config, key by key; empty variables do not', () => {
      const s = settingsFromStack(stack({ 'umlync:connection': connection }), { UMLYNC_POOL_SIZE: '7', UMLYNC_AUTHENTICATION: 'Basic', UMLYNC_USER: '' });
      assert.strictEqual(s.poolSize, 7);
      assert.strictEqual(s.authentication, 'Basic');
      assert.strictEqual(s.user, 'LAB\\stack-user');
      assert.strictEqual(s.maxAttempts, 4);
      // The same holds for JSON text.
      assert.deepStrictEqual(settingsFromStack(stack({ 'umlync:connection': JSON.stringify(connection) }), { UMLYNC_POOL_SIZE: '7', UMLYNC_AUTHENTICATION: 'Basic', UMLYNC_USER: '' }), s);
    });

    it('does not change the config object it was given', () => {
      const value = { ...connection };
      settingsFromStack(stack({ 'umlync:connection': value }), { UMLYNC_POOL_SIZE: '9' });
      assert.deepStrictEqual(value, connection);
    });

    it('UMLYNC_PASSWORD beats `umlync:password`, which is used otherwise; a non-text password is ignored', () => {
      assert.strictEqual(settingsFromStack(stack({ 'umlync:password': 'from-stack' }), { UMLYNC_PASSWORD: PASSWORD }).password, PASSWORD);
      assert.strictEqual(settingsFromStack(stack({ 'umlync:password': PASSWORD }), {}).password, PASSWORD);
      assert.strictEqual(settingsFromStack(stack({ 'umlync:password': PASSWORD }), { UMLYNC_PASSWORD: '' }).password, PASSWORD);
      assert.strictEqual(settingsFromStack(stack({ 'umlync:password': { value: PASSWORD } }), {}).password, undefined);
    });
  });

  describe('bad values', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['a pool of 0 shells', { poolSize: 0 }, 'poolSize'],
      ['a pool of 17 shells', { poolSize: 17 }, 'poolSize'],
      ['a fractional pool size', { poolSize: 2.5 }, 'poolSize'],
      ['a pool size as text', { poolSize: '3' }, 'poolSize'],
      ['an unknown authentication', { authentication: 'NTLM' }, 'authentication'],
      ['an endpoint that is no URL', { exchangeUri: 'ex01.lab.contoso.com' }, 'exchangeUri'],
      ['a call timeout under a second', { callTimeoutMs: 10 }, 'callTimeoutMs'],
      ['a connect timeout under a second', { connectTimeoutMs: 999 }, 'connectTimeoutMs'],
      ['11 attempts', { maxAttempts: 11 }, 'maxAttempts'],
      ['an empty user', { user: '' }, 'user'],
      ['an empty shell', { shell: '' }, 'shell'],
    ];
    for (const [what, raw, key] of cases) {
      it(`${what}: CONFIG error naming umlync:connection.${key} and the fix`, () => {
        assertConfigError(() => parseSettings(raw, PASSWORD), `umlync:connection.${key}`);
        assertConfigError(() => settingsFromStack(stack({ 'umlync:connection': raw, 'umlync:password': PASSWORD }), {}), `umlync:connection.${key}`);
        assertConfigError(() => settingsFromStack(stack({ 'umlync:connection': JSON.stringify(raw) }), { UMLYNC_PASSWORD: PASSWORD }), `umlync:connection.${key}`);
      });
    }

    it('a bad UMLYNC_* variable names the stack key it comes from', () => {
      assertConfigError(() => settingsFromEnv({ UMLYNC_POOL_SIZE: 'three', UMLYNC_PASSWORD: PASSWORD }), 'umlync:connection.poolSize');
      assertConfigError(() => settingsFromStack(stack({ 'umlync:connection': { poolSize: 3 } }), { UMLYNC_MAX_ATTEMPTS: '0', UMLYNC_PASSWORD: PASSWORD }), 'umlync:connection.maxAttempts');
    });

    it('a bad value fails even when the environment overrides another key', () => {
      assertConfigError(() => settingsFromStack(stack({ 'umlync:connection': { poolSize: 0 } }), { UMLYNC_MAX_ATTEMPTS: '2' }), 'umlync:connection.poolSize');
    });

    it('a key umlync does not know is named with how to remove it; a password put there is never echoed', () => {
      const fix = /pulumi config (rm|set) --path 'umlync:connection\.password'/;
      const e = assertConfigError(() => parseSettings({ password: PASSWORD }), 'umlync:connection.password', fix);
      assert.match(e.message, /password/);
      assertConfigError(() => settingsFromStack(stack({ 'umlync:connection': { user: 'svc', password: PASSWORD } }), {}), 'umlync:connection.password', fix);
      assertConfigError(() => settingsFromStack(stack({ 'umlync:connection': JSON.stringify({ user: 'svc', password: PASSWORD }) }), {}), 'umlync:connection.password', fix);
      assertConfigError(() => parseSettings({ poolsize: 3 }), 'umlync:connection.poolsize', /pulumi config (rm|set) --path 'umlync:connection\.poolsize'/);
    });

    it('JSON text that is not JSON: CONFIG error on umlync:connection, without the text', () => {
      const text = `{"user": "svc", "password": "${PASSWORD}"`;
      const e = assertConfigError(() => settingsFromStack(stack({ 'umlync:connection': text, 'umlync:password': PASSWORD }), {}), 'umlync:connection', /pulumi config set --path umlync:connection\.<key> <value>/);
      assert.match(e.message, /must be an object/);
    });

    it('a connection that is not an object: CONFIG error on umlync:connection', () => {
      assertConfigError(() => parseSettings('poolSize=3', PASSWORD), 'umlync:connection');
      assertConfigError(() => parseSettings([3], PASSWORD), 'umlync:connection');
      assertConfigError(() => settingsFromStack(stack({ 'umlync:connection': '[3]', 'umlync:password': PASSWORD }), {}), 'umlync:connection');
      // JSON text that is valid JSON but not an object, with or without a UMLYNC_* variable set.
      for (const text of ['42', '"x"', 'true']) {
        assertConfigError(() => settingsFromStack(stack({ 'umlync:connection': text, 'umlync:password': PASSWORD }), {}), 'umlync:connection');
        assertConfigError(() => settingsFromStack(stack({ 'umlync:connection': text, 'umlync:password': PASSWORD }), { UMLYNC_POOL_SIZE: '2' }), 'umlync:connection');
      }
    });

    it('the key prefix can be another namespace', () => {
      assertConfigError(() => parseSettings({ poolSize: 0 }, PASSWORD, 'site2:connection'), 'site2:connection.poolSize');
    });
  });
});
