'use strict';
// The name serialized providers of earlier versions require; the same runtime as umlync/runtime.
module.exports = require('../../dist/provider/runtime.js');
