import type { Context } from 'hono';
import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';

/**
 * Which hops of `X-Forwarded-For` to believe (`TRUST_PROXY`): `false` none (the socket's
 * address is the client), a number of proxies in front of the service, or their addresses
 * and subnets (`10.0.0.0/8`, `loopback`, `uniquelocal`), as proxy-addr and Express read it.
 */
export type TrustProxy = false | number | readonly string[];

/** proxy-addr's trust function: is the address `hop` steps from the service a proxy of ours? */
export type TrustFunction = (address: string, hop: number) => boolean;

export function compileTrust(trust: TrustProxy): TrustFunction {
  if (trust === false || trust === 0) return () => false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyaddr.compile([...trust]);
}

/** The socket's peer as @hono/node-server hands the request over; undefined in-process (`app.request`). */
function socketAddress(c: Context): string | undefined {
  return (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
}

/**
 * The client's address: the right-most address that is not a trusted proxy, reading the
 * socket's peer and then `X-Forwarded-For` from the right (proxy-addr). The hops left of it
 * were written by the client and are never believed. Undefined without a socket.
 */
export function clientAddress(c: Context, trust: TrustFunction): string | undefined {
  const remoteAddress = socketAddress(c);
  if (!remoteAddress) return undefined;
  const forwarded = c.req.header('x-forwarded-for');
  return proxyaddr({ socket: { remoteAddress }, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} } as never, trust);
}

/**
 * The key a client is counted under: an IPv4 address (IPv4-mapped IPv6 too), an IPv6
 * client by its /64 (which one host usually holds whole), `invalid` for anything that is not
 * an address (all such share one allowance), `local` without a socket.
 */
export function addressKey(address: string | undefined): string {
  if (!address) return 'local';
  if (!ipaddr.isValid(address)) return 'invalid';
  const parsed = ipaddr.process(address);
  if (parsed instanceof ipaddr.IPv6) return `${parsed.parts.slice(0, 4).map((part) => part.toString(16)).join(':')}::/64`;
  return parsed.toString();
}

export function clientKey(c: Context, trust: TrustFunction): string {
  return addressKey(clientAddress(c, trust));
}
