// The program `pulumi up` runs for this project (Pulumi.yaml's main), through the Node.js
// language host: every stack's topology from stacks/Pulumi.<stack>.yaml, built in the
// documented order. Programs of your own import the same resources from the `umlync` package.
import { umlyncProgram } from './provider/topology/stack-program';

export = umlyncProgram();
