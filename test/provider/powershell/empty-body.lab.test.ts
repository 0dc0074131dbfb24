// An operation body with nothing to run (empty, blank or only a comment) answers with no objects,
// as [ScriptBlock]::Create('') does in Windows PowerShell 5.1.
import { strict as assert } from 'assert';
import { Shell } from '../../../provider/powershell/shell';
import { ProviderLab } from '../lab-fixture';

describe('lab shell: an empty envelope body', function () {
  this.timeout(30_000);
  const lab = new ProviderLab();
  let shell: Shell;
  before(async () => {
    await lab.start();
    shell = new Shell(lab.settings);
    await shell.connect();
  });
  after(async () => {
    await shell?.close();
    await lab.stop();
  });

  for (const text of ['', ' ', '\n', '# nothing to do']) {
    it(`${JSON.stringify(text)} answers with no objects`, async () => {
      assert.deepEqual(await shell.run({ text, secrets: [] }, 'empty body'), []);
    });
  }
});
