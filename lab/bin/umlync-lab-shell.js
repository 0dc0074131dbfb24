#!/usr/bin/env node
'use strict';
// A pwsh stand-in that node-powershell can spawn. The code lives in ../../dist (built by
// `npm run build`, which `npm ci` runs through the root package's prepare script).
require('../../scripts/require-dist')('lab/shell/main').main(process.argv.slice(2));
