// Host-name aliases for the test warehouse: makes chosen names resolve to chosen loopback
// addresses by wrapping dns.lookup (which node:net, and so https/node-fetch, calls at connect
// time). Plain JavaScript so that a child process can preload it with or without tsx:
//   NODE_OPTIONS="--import file:///.../test/warehouse/host-alias.mjs"
//   OTLP_DELTA_TEST_HOST_ALIASES="name=127.1.2.3,other=127.4.5.6"
// In the test process itself, use addHostAlias/removeHostAlias.
import dns from 'node:dns';

export const HOST_ALIASES_ENV = 'OTLP_DELTA_TEST_HOST_ALIASES';

const aliases = new Map();
let installed = false;

function install() {
  if (installed) return;
  installed = true;
  const original = dns.lookup;
  const lookup = function (hostname, options, callback) {
    const address = typeof hostname === 'string' ? aliases.get(hostname.toLowerCase()) : undefined;
    if (address === undefined) return original.apply(this, arguments);
    const cb = typeof options === 'function' ? options : callback;
    const all = typeof options === 'object' && options !== null && options.all === true;
    const family = address.includes(':') ? 6 : 4;
    if (all) process.nextTick(cb, null, [{ address, family }]);
    else process.nextTick(cb, null, address, family);
    return {};
  };
  dns.lookup = lookup;
}

/** Makes `name` resolve to `address` in this process. */
export function addHostAlias(name, address) {
  install();
  aliases.set(name.toLowerCase(), address);
}

export function removeHostAlias(name) {
  aliases.delete(name.toLowerCase());
}

const fromEnv = process.env[HOST_ALIASES_ENV];
if (fromEnv) {
  for (const pair of fromEnv.split(',')) {
    const at = pair.indexOf('=');
    if (at > 0) addHostAlias(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
}
