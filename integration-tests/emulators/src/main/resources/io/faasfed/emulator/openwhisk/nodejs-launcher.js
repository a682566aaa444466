// The faasfed emulator's action-loop launcher for nodejs actions: it loads the action once, acknowledges with
// {"ok":true} on file descriptor 3, then reads one activation per line on stdin ({"value":{...},"namespace":...,
// "action_name":...,...}), exports every key but "value" as __OW_<KEY>, calls main(value) (a promise is awaited) and
// writes the result as one JSON line on file descriptor 3. console output goes to stdout and stderr, which the emulator
// keeps as the activation's logs. Activations are handled one at a time, in order.
'use strict';
const fs = require('fs');
const readline = require('readline');
const [codeFile, mainName] = process.argv.slice(2);
const module_ = { exports: {} };
const factory = new Function('module', 'exports', 'require',
  fs.readFileSync(codeFile, 'utf8') + '\n;return typeof ' + mainName + " === 'function' ? " + mainName + ' : undefined;');
const main = factory(module_, module_.exports, require) || module_.exports[mainName]
  || (typeof module_.exports === 'function' ? module_.exports : undefined);
if (typeof main !== 'function') {
  process.stderr.write("Action entrypoint '" + mainName + "' is not a function.\n");
  process.exit(1);
}
const writeResult = (result) => fs.writeSync(3, JSON.stringify(result === undefined ? {} : result) + '\n');
writeResult({ ok: true });
let queue = Promise.resolve();
readline.createInterface({ input: process.stdin, terminal: false }).on('line', (line) => {
  queue = queue.then(async () => {
    const args = JSON.parse(line);
    for (const key of Object.keys(args)) {
      if (key !== 'value') {
        process.env['__OW_' + key.toUpperCase()] = String(args[key]);
      }
    }
    let result;
    try {
      result = await main(args.value || {});
    } catch (e) {
      console.error(e && e.stack || e);
      result = { error: e instanceof Error ? e.message : e };
    }
    writeResult(result);
  });
});
