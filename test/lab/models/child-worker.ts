// Child process used by the multi-process tests: drives the models on a shared state file.
// usage: child-worker <statePath> <mode> <prefix> <count>
import { createLabModels } from '../../../lab/models';

async function main(): Promise<void> {
  const [statePath, mode, prefix, countText] = process.argv.slice(2);
  const count = Number(countText);
  const lab = createLabModels({ statePath });
  let failures = 0;
  for (let i = 0; i < count; i++) {
    try {
      if (mode === 'gateways') {
        await lab.run('New-UMIPGateway', { Name: `${prefix}-${i}`, Address: `${prefix}-${i}.lab.contoso.com` });
        await lab.run('Set-UMIPGateway', { Identity: `${prefix}-${i}`, OutcallsAllowed: false });
      } else if (mode === 'extensions') {
        // Both workers race for the same extensions: exactly one may win each.
        const user = `user${String((i % 20) + (prefix === 'a' ? 1 : 21)).padStart(2, '0')}`;
        await lab.run('Set-Mailbox', { Identity: user, EmailAddresses: new Map([['Add', `smtp:shared${i}@lab.contoso.com`]]) });
      } else if (mode === 'reads') {
        await lab.run('Get-UMDialPlan');
      }
      process.stdout.write(`committed ${i + 1}\n`);
    } catch {
      failures++;
    }
  }
  process.stdout.write(`failures ${failures}\n`);
  lab.close();
}

void main();
