'use strict';
// `umlync/runtime` inside this repository: the compiled provider runtime of the working tree.
module.exports = require('../../dist/provider/runtime.js');
