'use strict';
// Child process of the multi-process tests: drives the models on a shared state file.
// usage: node child-worker.js <models module path> <statePath> <mode> <prefix> <count>
// The models come from dist/ when it is fresh, else from the TypeScript sources via ts-node.
const path = require('path');

async function main() {
  const [modelsPath, statePath, mode, prefix, countText] = process.argv.slice(2);
  if (!modelsPath.includes(`${path.sep}dist${path.sep}`)) require('ts-node').register({ transpileOnly: true });
  const { createLabModels } = require(modelsPath);
  const count = Number(countText);
  const lab = createLabModels({ statePath });
  let failures = 0;
  for (let i = 0; i < count; i++) {
    try {
      if (mode === 'gateways') {
        await lab.run('New-UMIPGateway', { Name: `${prefix}-${i}`, Address: `${prefix}-${i}.lab.contoso.com` });
        await lab.run('Set-UMIPGateway', { Identity: `${prefix}-${i}`, OutcallsAllowed: false });
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
