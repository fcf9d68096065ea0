// Preloaded (`node --import`) into a spawned CLI by tests that name vendor hosts: no name lookup
// and no connection can leave loopback, even on a machine without `unshare -n`.
// SPECGATE_TEST_DNS: {"name": ["addr", ...]} answers for the resolver (any other name: ENOTFOUND).
// SPECGATE_TEST_NET_LOG: a file that gets one line per blocked connection attempt.
import dns from 'node:dns';
import net from 'node:net';
import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const table = JSON.parse(process.env.SPECGATE_TEST_DNS || '{}');
const log = process.env.SPECGATE_TEST_NET_LOG;
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1|::ffff:127(?:\.\d{1,3}){3})$/i;

function answer(name) {
  const host = String(name).toLowerCase().replace(/\.+$/, '');
  if (host === 'localhost') return ['127.0.0.1'];
  if (LOOPBACK.test(host)) return [host];
  return table[host];
}
const notFound = (name) => Object.assign(new Error(`getaddrinfo ENOTFOUND ${name} (sealed test network)`), { code: 'ENOTFOUND', hostname: name });
const family = (a) => (a.includes(':') ? 6 : 4);

dns.lookup = function lookup(name, options, callback) {
  const cb = typeof options === 'function' ? options : callback;
  const all = typeof options === 'object' && options?.all;
  const found = answer(name);
  process.nextTick(() => {
    if (!found?.length) return cb(notFound(name));
    if (all) return cb(null, found.map((address) => ({ address, family: family(address) })));
    cb(null, found[0], family(found[0]));
  });
};
dns.promises.lookup = async (name, options) => {
  const found = answer(name);
  if (!found?.length) throw notFound(name);
  const all = found.map((address) => ({ address, family: family(address) }));
  return typeof options === 'object' && options?.all ? all : all[0];
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function sealedConnect(...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const host = typeof first === 'object' && first !== null ? first.host : typeof args[1] === 'string' ? args[1] : undefined;
  const path = typeof first === 'object' && first !== null ? first.path : typeof first === 'string' && !/^\d+$/.test(first) ? first : undefined;
  if (!path && host !== undefined && !LOOPBACK.test(String(host).replace(/^\[|\]$/g, ''))) {
    if (log) appendFileSync(log, `${host}\n`);
    process.nextTick(() => this.destroy(Object.assign(new Error(`connect to ${host} blocked (sealed test network)`), { code: 'ECONNREFUSED' })));
    return this;
  }
  return connect.apply(this, args);
};
syncBuiltinESMExports();
