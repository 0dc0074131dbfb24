import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCsv, usersFromCsvText, decodeCsvBytes } from '../../../provider/topology/users-csv';
import { validateTopology } from '../../../provider/topology';
import { expectOk, full } from './fixtures';

function records(text: string) {
  const r = parseCsv(text);
  if (!r.ok) assert.fail(`parse failed: ${r.problem.message}`);
  return r.records.map((x) => x.fields);
}

function problem(text: string) {
  const r = parseCsv(text);
  assert.strictEqual(r.ok, false, 'expected a parse error');
  return r.ok ? assert.fail() : r.problem;
}

describe('users CSV: the RFC 4180 reader', () => {
  it('reads plain fields, CRLF, LF and CR line ends', () => {
    assert.deepStrictEqual(records('a,b,c\r\n1,2,3\r\n'), [['a', 'b', 'c'], ['1', '2', '3']]);
    assert.deepStrictEqual(records('a,b\n1,2'), [['a', 'b'], ['1', '2']]);
    assert.deepStrictEqual(records('a,b\r1,2\r'), [['a', 'b'], ['1', '2']]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    assert.deepStrictEqual(records('"Doe, Jane","say ""hi""","two\r\nlines"\r\n'), [['Doe, Jane', 'say "hi"', 'two\r\nlines']]);
    assert.deepStrictEqual(records('"",x'), [['', 'x']]);
  });

  it('drops a UTF-8 BOM, keeps empty fields, skips blank lines', () => {
    assert.deepStrictEqual(records('\ufeffa,b\r\n\r\n1,\r\n,2\r\n  \r\n'), [['a', 'b'], ['1', ''], ['', '2']]);
  });

  it('trims unquoted fields but keeps spaces inside quotes', () => {
    assert.deepStrictEqual(records(' a , " b " \n'), [['a', ' b ']]);
  });

  it('counts lines across quoted line breaks', () => {
    const r = parseCsv('h1,h2\r\n"x\r\ny",1\r\nz,2\r\n');
    assert.ok(r.ok);
    assert.deepStrictEqual(r.ok && r.records.map((x) => x.line), [1, 2, 4]);
  });

  it('reports an unclosed quote at the line it opened', () => {
    const p = problem('a,b\n1,"open\n2,3\n');
    assert.strictEqual(p.line, 2);
    assert.match(p.message, /never closed/);
  });

  it('reports text after a closing quote and a quote inside an unquoted field', () => {
    assert.match(problem('a,b\n"x"y,1\n').message, /after the closing quote of field 1/);
    const p = problem('a,b\n1,x"y\n');
    assert.strictEqual(p.line, 2);
    assert.match(p.message, /field 2 has a double quote/);
  });

  it('decodes UTF-16 with a BOM (Excel "Unicode text") and refuses invalid UTF-8', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\r\n', 'utf16le')]);
    assert.strictEqual(decodeCsvBytes(utf16), 'a,b\r\n');
    const be = Buffer.from([0xfe, 0xff, 0x00, 0x61]);
    assert.strictEqual(decodeCsvBytes(be), 'a');
    assert.throws(() => decodeCsvBytes(Buffer.from([0x61, 0xff, 0x62])));
  });
});

describe('users CSV: header and rows', () => {
  it('maps header names (any case) to user fields and leaves empty cells unset', () => {
    const r = usersFromCsvText('Identity,SIPADDRESS,lineUri,extension\r\nuser01,sip:user01@x.y,tel:+14255550001,\r\n');
    assert.deepStrictEqual(r.problems, []);
    assert.deepStrictEqual({ ...r.rows[0].values }, { identity: 'user01', sipAddress: 'sip:user01@x.y', lineUri: 'tel:+14255550001' });
  });

  it('names a missing required column', () => {
    const r = usersFromCsvText('identity,lineUri\r\nuser01,tel:+14255550001\r\n');
    assert.deepStrictEqual(r.problems.map((p) => [p.code, p.line, p.column]), [['csv_missing_column', 1, 'sipAddress']]);
  });

  it('names an unknown column and suggests the field', () => {
    const r = usersFromCsvText('identity,sipAdress,lineUri\r\n');
    const p = r.problems.find((x) => x.code === 'csv_unknown_column')!;
    assert.deepStrictEqual([p.line, p.column], [1, 'sipAdress']);
    assert.match(p.message, /2nd column.*Did you mean "sipAddress"\?/);
  });

  it('refuses a column named twice', () => {
    const r = usersFromCsvText('identity,sipAddress,lineUri,Identity\r\n');
    assert.deepStrictEqual(r.problems.map((p) => [p.code, p.column]), [['csv_syntax', 'identity']]);
  });

  it('names the columns a short row lacks and the extra value of a long one', () => {
    const r = usersFromCsvText('identity,sipAddress,lineUri,extension\r\nuser01,sip:a@x.y\r\nuser02,sip:b@x.y,tel:+14255550002,50002,extra\r\n');
    assert.deepStrictEqual(r.problems.map((p) => [p.code, p.line, p.column]), [
      ['csv_field_count', 2, 'lineUri'],
      ['csv_field_count', 3, undefined],
    ]);
    assert.match(r.problems[0].message, /no value for columns "lineUri", "extension"/);
    assert.match(r.problems[1].message, /5th value has no column/);
  });

  it('refuses an empty file', () => {
    assert.strictEqual(usersFromCsvText('').problems[0].code, 'csv_missing_column');
    assert.strictEqual(usersFromCsvText('\ufeff').problems[0].code, 'csv_missing_column');
  });
});

describe('users CSV: through validateTopology', () => {
  const CSV = [
    'identity,sipAddress,lineUri,extension,dialPlan,locationProfile,adopt',
    'user10,sip:user10@lab.contoso.com,tel:+14255550010;ext=50010,50010,LyncSipDP,,',
    '"Doe, Jane",sip:jane@lab.contoso.com,tel:+14255550011,0011,LyncSipDP2,SpecialUsers,true',
  ].join('\r\n');

  function withCsv(text: string | Buffer, mutate?: (t: any) => void) {
    const t = full();
    t.usersCsv = 'stacks/users.csv';
    mutate?.(t);
    const seen: string[] = [];
    const result = validateTopology(t, {
      baseDir: '/project',
      readFile: (p) => {
        seen.push(p);
        if (p !== path.resolve('/project', 'stacks/users.csv')) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
        return text;
      },
    });
    return { result, seen };
  }

  it('merges CSV users after the list, with their origin', () => {
    const { result, seen } = withCsv(CSV);
    assert.deepStrictEqual(seen, [path.resolve('/project/stacks/users.csv')]);
    assert.ok(result.ok);
    const users = result.ok ? result.topology.users : [];
    assert.deepStrictEqual(users.map((u) => u.identity), ['user01', 'user02', 'user03', 'user10', 'Doe, Jane']);
    assert.deepStrictEqual(users[4].origin, { kind: 'csv', file: 'stacks/users.csv', line: 3 });
    assert.deepStrictEqual([users[4].extension, users[4].locationProfile, users[4].adopt, users[3].adopt], ['0011', 'SpecialUsers', true, false]);
  });

  it('reads a real file relative to baseDir, BOM and all', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'umlync-csv-'));
    try {
      fs.mkdirSync(path.join(dir, 'stacks'));
      fs.writeFileSync(path.join(dir, 'stacks', 'users.csv'), '\ufeff' + CSV + '\r\n');
      const t = full();
      t.usersCsv = 'stacks/users.csv';
      assert.strictEqual(expectOk(t, { baseDir: dir }).topology.users.length, 5);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a bad cell with the file, line and column', () => {
    const { result } = withCsv(CSV.replace('tel:+14255550011', 'tel:4255550011'));
    assert.ok(!result.ok);
    const [e] = result.ok ? [] : result.errors;
    assert.strictEqual(e.code, 'invalid_format');
    assert.strictEqual(e.path, 'umlync:topology.usersCsv');
    assert.deepStrictEqual(e.source, { file: 'stacks/users.csv', line: 3, column: 'lineUri' });
    assert.match(e.message, /^stacks\/users\.csv line 3, column "lineUri": "tel:4255550011" is not a Lync line URI/);
  });

  it('reports an empty required cell and a missing SIP address', () => {
    const { result } = withCsv(CSV.replace('sip:user10@lab.contoso.com', '').replace('user10,', ',') );
    const errors = result.ok ? [] : result.errors;
    assert.deepStrictEqual(errors.map((e) => [e.code, e.source?.line, e.source?.column]), [
      ['required', 2, 'identity'],
      ['missing_sip_address', 2, 'sipAddress'],
    ]);
    assert.match(errors[0].message, /column "identity": is empty; every voice user needs/);
  });

  it('reports a missing column naming the file, line 1 and the column', () => {
    const { result } = withCsv('identity,lineUri\r\nuser10,tel:+14255550010\r\n');
    const errors = result.ok ? [] : result.errors;
    assert.deepStrictEqual(errors.map((e) => [e.code, e.path, e.source]), [['csv_missing_column', 'umlync:topology.usersCsv', { file: 'stacks/users.csv', line: 1, column: 'sipAddress' }]]);
    assert.match(errors[0].message, /^stacks\/users\.csv line 1, column "sipAddress": the header has no "sipAddress" column/);
  });

  it('reports rule violations on CSV users at their line', () => {
    const { result } = withCsv(CSV.replace(',0011,', ',011,').replace('sip:jane@', 'sip:user01@'));
    const errors = result.ok ? [] : result.errors;
    assert.deepStrictEqual(errors.map((e) => [e.code, e.source?.line, e.source?.column]), [
      ['extension_length', 3, 'extension'],
      ['duplicate_sip_address', 3, 'sipAddress'],
    ]);
    assert.match(errors[1].message, /already used by users\[0\]/);
  });

  it('refuses users duplicated across the list and the CSV', () => {
    const { result } = withCsv(CSV.replace('user10,sip:user10@lab.contoso.com', 'user01,sip:user10@lab.contoso.com'));
    const errors = result.ok ? [] : result.errors;
    assert.deepStrictEqual(errors.map((e) => [e.code, e.path, e.source?.line]), [['duplicate_identity', 'umlync:topology.usersCsv', 2]]);
    assert.match(errors[0].message, /"user01" is already users\[0\]/);
  });

  it('reports duplicates within the CSV with both lines', () => {
    const { result } = withCsv(CSV + '\r\nuser12,sip:user12@lab.contoso.com,tel:+14255550010;ext=50010,50012,LyncSipDP,,');
    const errors = result.ok ? [] : result.errors;
    assert.deepStrictEqual(errors.map((e) => e.code), ['duplicate_line_uri']);
    assert.match(errors[0].message, /^stacks\/users\.csv line 4, column "lineUri": .*already used by stacks\/users\.csv line 2/);
  });

  it('reports a missing file, an absolute path and a path leaving the project', () => {
    const missing = withCsv(CSV, (t) => (t.usersCsv = 'stacks/nope.csv')).result;
    assert.deepStrictEqual(missing.ok ? [] : missing.errors.map((e) => [e.code, e.path]), [['csv_read_failed', 'umlync:topology.usersCsv']]);
    assert.match(missing.ok ? '' : missing.errors[0].message, /"stacks\/nope\.csv" does not exist/);
    for (const bad of ['/etc/passwd', '../outside.csv', 'stacks/../../x.csv', 'C:\\users.csv']) {
      const r = withCsv(CSV, (t) => (t.usersCsv = bad)).result;
      assert.deepStrictEqual(r.ok ? [] : r.errors.map((e) => e.code), ['csv_path'], bad);
    }
  });

  it('reports a syntax error with its line', () => {
    const { result } = withCsv(CSV + '\r\n"unclosed,sip:x@lab.contoso.com');
    const errors = result.ok ? [] : result.errors;
    assert.deepStrictEqual(errors.map((e) => [e.code, e.source?.line]), [['csv_syntax', 4]]);
  });

  it('refuses control characters inside quoted cells', () => {
    const { result } = withCsv(CSV.replace('"Doe, Jane"', '"Doe,\nJane"'));
    const errors = result.ok ? [] : result.errors;
    assert.deepStrictEqual(errors.map((e) => [e.code, e.source?.column]), [['control_character', 'identity']]);
    assert.match(errors[0].message, /U\+000A/);
  });

  it('reads the CSV even when the YAML has errors, to report both at once', () => {
    const { result } = withCsv('identity,lineUri\r\n', (t) => (t.dialPlans[0].extensionDigits = 99));
    assert.deepStrictEqual(result.ok ? [] : result.errors.map((e) => e.code).sort(), ['csv_missing_column', 'out_of_range']);
  });

  it('warns that PINs in a CSV are plain text, once per file', () => {
    const text = 'identity,sipAddress,lineUri,dialPlan,pin\r\nu1,sip:u1@lab.contoso.com,tel:+14255550021,LyncSipDP,135790\r\nu2,sip:u2@lab.contoso.com,tel:+14255550022,LyncSipDP,246802\r\n';
    const { result } = withCsv(text);
    assert.ok(result.ok);
    assert.deepStrictEqual(result.warnings.map((w) => [w.code, w.source?.line]), [['pin_in_csv', 2]]);
    assert.ok(!result.warnings[0].message.includes('135790'));
  });
});
