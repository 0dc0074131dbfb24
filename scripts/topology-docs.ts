// `npm run docs`: rewrites README.md's topology reference from the field tables and the
// topology schema, so the documented keys are the validated keys.

import * as fs from 'fs';
import * as path from 'path';
import { withTopologyReference } from '../provider/topology/docs';

const file = path.join(__dirname, '..', '..', 'README.md');
fs.writeFileSync(file, withTopologyReference(fs.readFileSync(file, 'utf8')));
process.stdout.write(`updated the topology reference in ${path.relative(process.cwd(), file) || file}\n`);
