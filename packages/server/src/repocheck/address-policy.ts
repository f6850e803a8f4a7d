import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { InputError } from '../http/errors.js';

/** Resolves a host name to its addresses (injectable for tests). */
export type HostResolver = (host: string) => Promise<string[]>;

/** The system resolver: every A and AAAA address of `host`. */
export const systemResolver: HostResolver = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** Where a remote repository may be fetched from. */
export interface DestinationPolicy {
  /** Host names, IP addresses or CIDRs an administrator allows even if private or loopback. */
  allow?: readonly string[];
  /** Permit `http://` for allowlisted destinations (a lab git server); never for others. */
  allowHttpForAllowlisted?: boolean;
  resolve?: HostResolver;
}

/** A destination that passed the policy, with the address to pin the connection to. */
export interface CheckedDestination {
  url: URL;
  host: string;
  port: number;
  /** The checked address git must connect to (no second DNS lookup, no rebinding). */
  address: string;
}

const RANGES: readonly [string, number, 'ipv4' | 'ipv6', string][] = [
  ['0.0.0.0', 8, 'ipv4', 'an unspecified ("this network") address'],
  ['10.0.0.0', 8, 'ipv4', 'a private address (RFC 1918)'],
  ['100.64.0.0', 10, 'ipv4', 'a carrier-grade NAT address (RFC 6598)'],
  ['127.0.0.0', 8, 'ipv4', 'a loopback address'],
  ['169.254.0.0', 16, 'ipv4', 'a link-local address (where cloud metadata services live)'],
  ['172.16.0.0', 12, 'ipv4', 'a private address (RFC 1918)'],
  ['192.0.0.0', 24, 'ipv4', 'an IETF protocol assignment address'],
  ['192.168.0.0', 16, 'ipv4', 'a private address (RFC 1918)'],
  ['198.18.0.0', 15, 'ipv4', 'a benchmarking address'],
  ['224.0.0.0', 4, 'ipv4', 'a multicast address'],
  ['240.0.0.0', 4, 'ipv4', 'a reserved address'],
  ['::', 128, 'ipv6', 'the unspecified address'],
  ['::1', 128, 'ipv6', 'a loopback address'],
  ['64:ff9b::', 96, 'ipv6', 'a NAT64 address'],
  ['fc00::', 7, 'ipv6', 'a unique local (private) address'],
  ['fe80::', 10, 'ipv6', 'a link-local address'],
  ['ff00::', 8, 'ipv6', 'a multicast address'],
];

/** Why `address` may not be reached, or `undefined` when it is a public address. */
export function forbiddenReason(address: string): string | undefined {
  const ip = unmapped(address);
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  for (const [network, prefix, type, reason] of RANGES) {
    if (type !== family) continue;
    const list = new BlockList();
    list.addSubnet(network, prefix, type);
    if (list.check(ip, type)) return reason;
  }
  return undefined;
}

/** `::ffff:10.0.0.1` → `10.0.0.1`, so mapped IPv4 addresses meet the IPv4 rules. */
function unmapped(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match ? match[1]! : address.replace(/^\[|\]$/g, '');
}

function allowlisted(host: string, address: string, allow: readonly string[]): boolean {
  const ip = unmapped(address);
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  for (const entry of allow) {
    if (entry.toLowerCase() === host.toLowerCase()) return true;
    const [network, bits] = entry.split('/');
    const entryFamily = isIP(network ?? '');
    if (entryFamily === 0) continue;
    const type = entryFamily === 6 ? 'ipv6' : 'ipv4';
    if (type !== family) continue;
    const list = new BlockList();
    if (bits === undefined) list.addAddress(network!, type);
    else list.addSubnet(network!, Number(bits), type);
    if (list.check(ip, type)) return true;
  }
  return false;
}

function refuse(message: string): never {
  throw new InputError(message, [{ path: 'repo.url', message }]);
}

/**
 * Checks a repository URL before anything connects to it: `https://` only, no credentials in
 * the URL, and every address the host resolves to must be public — not loopback, private
 * (RFC 1918, fc00::/7), link-local (169.254/16 with the metadata service, fe80::/10), CGNAT,
 * unspecified, multicast or reserved — unless an administrator allowlisted the host or range.
 * Throws `InputError` (400) with a sentence naming the reason.
 */
export async function checkDestination(
  raw: string,
  policy: DestinationPolicy = {},
): Promise<CheckedDestination> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    refuse(`"${raw}" is not a URL; give the https:// address of the repository`);
  }
  if (url.username || url.password)
    refuse('put no credentials in the repository URL; pass a token separately');
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    refuse(`only https:// repository URLs are accepted, not ${url.protocol}//`);
  if (url.protocol === 'http:' && !policy.allowHttpForAllowlisted)
    refuse(`only https:// repository URLs are accepted: ${url.origin} is plain http`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const allow = policy.allow ?? [];
  const addresses = isIP(host) ? [host] : await resolveOrRefuse(host, policy.resolve ?? systemResolver);
  const permitted = addresses.every((a) => allowlisted(host, a, allow));
  if (url.protocol === 'http:' && !(permitted && policy.allowHttpForAllowlisted))
    refuse(`only https:// repository URLs are accepted: ${url.origin} is plain http`);
  if (!permitted) {
    for (const address of addresses) {
      const reason = allowlisted(host, address, allow) ? undefined : forbiddenReason(address);
      if (reason) {
        const via = address === host ? '' : ` (${host} resolves to it)`;
        refuse(
          `refusing to fetch from ${address}${via}: it is ${reason}; an administrator can allowlist the host or range`,
        );
      }
    }
  }
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { url, host, port, address: addresses[0]! };
}

async function resolveOrRefuse(host: string, resolve: HostResolver): Promise<string[]> {
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    refuse(`the host ${host} does not resolve`);
  }
  if (addresses.length === 0) refuse(`the host ${host} does not resolve`);
  return addresses;
}
