// Preloaded with `node --require` by the start-up benchmark and test/e2e/startup-loading.test.ts
// to record which files a command loads: at exit, appends the path of every script V8
// compiled from a file (ES modules, CommonJS modules, the bundle's chunks) to the file named
// by AKASA_MODULE_LOG, one a line. The debugger sees what any loader loads, also the ES
// modules that `require` loads synchronously, which module-resolution hooks never see.
'use strict';
const { Session } = require('node:inspector');
const { appendFileSync } = require('node:fs');
const { fileURLToPath } = require('node:url');

const log = process.env.AKASA_MODULE_LOG;
if (log) {
  const session = new Session();
  session.connect();
  const loaded = [];
  session.on('Debugger.scriptParsed', ({ params: { url } }) => {
    if (url.startsWith('file:')) loaded.push(fileURLToPath(url));
    else if (url.startsWith('/')) loaded.push(url);
  });
  session.post('Debugger.enable');
  process.on('exit', () => appendFileSync(log, loaded.map((p) => `${p}\n`).join('')));
}
