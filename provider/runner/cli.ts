// `npm run umlync -- <command> [--stack lab] [flags]`: up, preview, refresh, destroy and
// cancel for a umlync stack, with the program run inline through the Automation API. Output
// is the Pulumi CLI's own, streamed. Exit codes: 0 ok, 1 failed, 2 usage, 7 changes found
// where --expect-no-changes said there would be none (as the Pulumi CLI does).

import { CommandError } from '@pulumi/pulumi/automation';
import { openStack } from './stack';

const USAGE = `usage: npm run umlync -- <command> [--stack <name>] [options]

commands:
  up         create or update the integration        [--refresh] [--expect-no-changes] [--parallel N]
  preview    show what up would change                [--refresh] [--expect-no-changes] [--diff]
  refresh    read the servers and update the state    [--preview-only] [--expect-no-changes]
  destroy    remove everything the stack created, in reverse order
  cancel     release the lock a killed run left behind

--stack defaults to "lab" (the bundled lab emulator). Stack config lives in stacks/Pulumi.<stack>.yaml;
set values with scripts/pulumi config set --stack <name> ... (secrets with --secret).`;

interface Flags {
  stack: string;
  refresh: boolean;
  expectNoChanges: boolean;
  diff: boolean;
  previewOnly: boolean;
  parallel?: number;
}

function parse(argv: string[]): { command: string; flags: Flags } | string {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') return USAGE;
  const flags: Flags = { stack: process.env.UMLYNC_STACK || 'lab', refresh: false, expectNoChanges: false, diff: false, previewOnly: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--stack' || a === '-s') flags.stack = rest[++i] ?? '';
    else if (a.startsWith('--stack=')) flags.stack = a.slice(8);
    else if (a === '--refresh' || a === '-r') flags.refresh = true;
    else if (a === '--expect-no-changes') flags.expectNoChanges = true;
    else if (a === '--diff') flags.diff = true;
    else if (a === '--preview-only') flags.previewOnly = true;
    else if (a === '--parallel' || a === '-p') flags.parallel = Number(rest[++i]);
    else if (a === '--yes' || a === '-y' || a === '--skip-preview') continue; // runs never prompt
    else return `unknown option '${a}'\n\n${USAGE}`;
  }
  if (!/^[A-Za-z0-9._-]+$/.test(flags.stack)) return `--stack must be a stack name such as lab, staging or prod\n\n${USAGE}`;
  return { command, flags };
}

const NEXT_STEPS = `
The integration is up in the lab emulator. Things to try next:
  npx umlync-lab exec "Get-UMIPGateway | Select-Object Name,OutcallsAllowed"   # look at it like an admin
  npx umlync-lab exec "Set-UMIPGateway -Identity PBX-GW -OutcallsAllowed \\$true"  # make drift out of band
  npm run umlync -- preview --refresh                                            # see the drift, field by field
  npm run umlync -- up --refresh                                                 # repair it
  npm run umlync -- destroy                                                      # put the lab back as it was
`;

export async function main(argv: string[]): Promise<number> {
  const parsed = parse(argv);
  if (typeof parsed === 'string') {
    process.stdout.write(parsed + '\n');
    return argv.length && argv[0] !== '--help' && argv[0] !== '-h' ? 2 : 0;
  }
  const { command, flags } = parsed;
  let printed = 0;
  const onOutput = (s: string) => {
    printed += s.length;
    process.stdout.write(s);
  };
  const stack = await openStack({ stackName: flags.stack });
  try {
    switch (command) {
      case 'up':
        await stack.up({ onOutput, refresh: flags.refresh, expectNoChanges: flags.expectNoChanges, parallel: flags.parallel, color: 'auto' });
        if (flags.stack === 'lab') process.stdout.write(NEXT_STEPS);
        return 0;
      case 'preview':
        await stack.preview({ onOutput, refresh: flags.refresh, expectNoChanges: flags.expectNoChanges, diff: flags.diff, parallel: flags.parallel, color: 'auto' });
        return 0;
      case 'refresh':
        if (flags.previewOnly) {
          const r = await stack.previewRefresh({ onOutput, color: 'auto' });
          const changed = Object.entries(r.changeSummary).some(([k, v]) => k !== 'same' && (v ?? 0) > 0);
          return flags.expectNoChanges && changed ? 7 : 0;
        }
        await stack.refresh({ onOutput, expectNoChanges: flags.expectNoChanges, color: 'auto' });
        return 0;
      case 'destroy':
        await stack.destroy({ onOutput, color: 'auto' });
        return 0;
      case 'cancel':
        await stack.cancel();
        return 0;
      default:
        process.stdout.write(`unknown command '${command}'\n\n${USAGE}\n`);
        return 2;
    }
  } catch (e) {
    if (e instanceof CommandError) {
      const text = String(e.message);
      // The CLI printed its diagnostics through onOutput; its stderr (e.g. a lock) may not have been.
      const stderr = /stderr: ([\s\S]*?)(\n\s*err\?:|$)/.exec(text)?.[1]?.trim();
      if (stderr) process.stderr.write(`\n${stderr}\n`);
      process.stderr.write(`\numlync: ${command} failed${printed ? ' (see the output above)' : ''}\n`);
      return /no changes were expected/.test(text) || /code: 7\b/.test(text) ? 7 : 1;
    }
    throw e;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`umlync: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
