'use strict';
// Loads a compiled module from dist/, or explains how to build it.
const path = require('path');
const fs = require('fs');
module.exports = function requireDist(rel) {
  const file = path.join(__dirname, '..', 'dist', rel + '.js');
  if (!fs.existsSync(file)) {
    process.stderr.write(`umlync: ${path.relative(process.cwd(), file)} is missing; run \`npm run build\` (npm ci runs it for you).\n`);
    process.exit(2);
  }
  return require(file);
};
