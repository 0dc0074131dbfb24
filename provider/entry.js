'use strict';
// Package entry of `umlync-provider` (what serialized providers require). Resolved through
// the node_modules symlink, so the compiled code is reached relative to this file's real path.
module.exports = require('../dist/provider/runtime.js');
