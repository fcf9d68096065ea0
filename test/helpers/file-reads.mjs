// Preloaded (`node --import`) into a spawned CLI: logs every file path the process opens, reads,
// lists or stats through node:fs, one absolute path a line, to SPECGATE_TEST_READ_LOG.
import fs from 'node:fs';
import { resolve } from 'node:path';
import { syncBuiltinESMExports } from 'node:module';

const log = process.env.SPECGATE_TEST_READ_LOG;
const append = fs.appendFileSync;
const seen = new Set();
const note = (p) => {
  if (typeof p === 'number' || p === undefined || p === null) return;
  const abs = resolve(p instanceof URL ? p.pathname : String(p));
  if (seen.has(abs)) return;
  seen.add(abs);
  append(log, abs + '\n');
};
const wrap = (obj, names) => {
  for (const name of names) {
    const orig = obj[name];
    if (typeof orig !== 'function') continue;
    obj[name] = function (p, ...rest) {
      note(p);
      return orig.call(this, p, ...rest);
    };
  }
};
const NAMES = ['readFileSync', 'openSync', 'readdirSync', 'statSync', 'lstatSync', 'existsSync', 'realpathSync', 'accessSync', 'readFile', 'open', 'readdir', 'stat', 'lstat', 'access', 'createReadStream', 'opendir', 'opendirSync'];
wrap(fs, NAMES);
wrap(fs.promises, ['readFile', 'open', 'readdir', 'stat', 'lstat', 'access', 'opendir', 'realpath']);
syncBuiltinESMExports();
