// Entry point for `pulumi up` run by a Pulumi CLI that has the Node.js language host. The
// bundled runner (npm run umlync -- <command>) runs the same program inline.
import { umlyncProgram } from './provider/topology/stack-program';

export = umlyncProgram();
