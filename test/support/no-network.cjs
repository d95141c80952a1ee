/**
 * Preloaded (node -r) into a process and, by Node, into each of its worker threads: every attempt to reach
 * the network (a socket, a DNS lookup, fetch) is written to $NO_NETWORK_LOG and refused.
 */
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');
const { isMainThread } = require('node:worker_threads');

const log = process.env.NO_NETWORK_LOG;
function refuse(what) {
  fs.appendFileSync(log, `${isMainThread ? 'main' : 'worker'} ${what}\n`);
  throw new Error(`network use refused in test: ${what}`);
}
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const o = args[0];
  // Local IPC (a pipe path) is not the network.
  if (o && typeof o === 'object' && o.path) return connect.apply(this, args);
  if (typeof o === 'string' && !/^\d+$/.test(o)) return connect.apply(this, args);
  return refuse('socket connect');
};
dns.lookup = () => refuse('dns lookup');
dns.promises.lookup = async () => refuse('dns lookup');
globalThis.fetch = async (url) => refuse(`fetch ${String(url).slice(0, 40)}`);
