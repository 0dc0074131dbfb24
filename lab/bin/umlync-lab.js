#!/usr/bin/env node
'use strict';
require('../../scripts/require-dist')('lab/cli/main').main(process.argv.slice(2));
