// Runs one OpenWhisk nodejs action for the faasfed emulator: parameters (a JSON object) on stdin, the action's
// result (a JSON object) on stdout. console output goes to stderr, where the emulator collects the activation logs.
'use strict';
const fs = require('fs');
const util = require('util');
const [codeFile, mainName] = process.argv.slice(2);
const writeResult = (result) => process.stdout.write(JSON.stringify(result === undefined || result === null ? {} : result) + '\n');
const writeError = (e) => writeResult({ error: e instanceof Error ? e.message : e });
const toLogs = (...args) => process.stderr.write(util.format(...args) + '\n');
console.log = toLogs;
console.info = toLogs;
console.debug = toLogs;
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  let params;
  try {
    params = input.trim() ? JSON.parse(input) : {};
  } catch (e) {
    writeError('the parameters are not JSON: ' + e.message);
    return;
  }
  let main;
  try {
    const module_ = { exports: {} };
    const factory = new Function('module', 'exports', 'require',
      fs.readFileSync(codeFile, 'utf8') + '\n;return typeof ' + mainName + " === 'function' ? " + mainName + ' : undefined;');
    main = factory(module_, module_.exports, require) || module_.exports[mainName]
      || (typeof module_.exports === 'function' ? module_.exports : undefined);
  } catch (e) {
    process.stderr.write('Initialization has failed due to: ' + (e && e.stack || e) + '\n');
    process.exit(2);
  }
  if (typeof main !== 'function') {
    process.stderr.write("Action entrypoint '" + mainName + "' is not a function.\n");
    process.exit(2);
  }
  Promise.resolve().then(() => main(params)).then(writeResult, writeError);
});
