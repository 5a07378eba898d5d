// Parses HCL files with @cdktf/hcl2json (installed globally with npm) and prints {"<file>": <parsed>, ...} as JSON.
// Usage: node hcl2json.js <global node_modules dir> <file>...
const path = require('path');
const fs = require('fs');
const { parse } = require(path.join(process.argv[2], '@cdktf', 'hcl2json'));

(async () => {
  const out = {};
  for (const file of process.argv.slice(3)) {
    try {
      out[file] = await parse(file, fs.readFileSync(file, 'utf8'));
    } catch (e) {
      out[file] = { __error: String(e && e.message ? e.message : e) };
    }
  }
  process.stdout.write(JSON.stringify(out));
})();
