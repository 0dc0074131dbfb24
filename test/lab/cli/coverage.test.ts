import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createLabModels } from '../../../lab/models';
import { cmdletTable, COVERAGE_BEGIN, COVERAGE_END } from '../../../lab/cli/coverage';
import { tempState } from '../models/helpers';

describe('lab/COVERAGE.md', () => {
  it('its generated cmdlet table matches the models (run `umlync-lab coverage --write` after changes)', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'lab', 'COVERAGE.md'), 'utf8');
    const lab = createLabModels({ statePath: tempState('coverage') });
    try {
      const table = cmdletTable(lab.cmdlets());
      const section = doc.slice(doc.indexOf(COVERAGE_BEGIN), doc.indexOf(COVERAGE_END) + COVERAGE_END.length);
      assert.strictEqual(section, table);
      for (const c of lab.cmdlets()) assert.ok(doc.includes(`| ${c.name} |`), c.name);
    } finally {
      lab.close();
    }
  });

  it('every parameter spec is well-formed for the shell', () => {
    const lab = createLabModels({ statePath: tempState('specs') });
    try {
      for (const c of lab.cmdlets()) {
        const names = c.parameters.map((p) => p.name.toLowerCase());
        assert.strictEqual(new Set(names).size, names.length, `${c.name} has duplicate parameters`);
        const positions = c.parameters.filter((p) => p.position !== undefined).map((p) => p.position);
        assert.strictEqual(new Set(positions).size, positions.length, `${c.name} has duplicate positions`);
        for (const p of c.parameters) if (p.type === 'enum') assert.ok(p.enumValues?.length, `${c.name} -${p.name}`);
        assert.ok(['exchange', 'lync', 'core'].includes(c.side));
      }
      const names = lab.cmdlets().map((c) => c.name.toLowerCase());
      assert.strictEqual(new Set(names).size, names.length);
    } finally {
      lab.close();
    }
  });
});
