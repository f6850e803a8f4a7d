import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Address ranges a webhook may never reach unless allowlisted: loopback, private, link-local, metadata… */
const BLOCKED_V4 = [
  ['0.0.0.0', 8, 'this network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT (cloud metadata lives here on some clouds)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
] as const;
const BLOCKED_V6 = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fc00::', 7, 'unique local (private)'],
  ['fe80::', 10, 'link-local'],
  ['ff00::', 8, 'multicast'],
] as const;

/**
 * Decides which IP addresses outgoing calls may connect to: public addresses, and private ones
 * only when `allow` (addresses or CIDRs such as `10.1.0.0/16`) lists them. IPv4-mapped and NAT64
 * IPv6 addresses are judged by the IPv4 address inside.
 */
export class AddressGuard {
  readonly #allow = new BlockList();
  readonly #blocked: Array<{ list: BlockList; why: string }> = [];

  constructor(allow: readonly string[] = []) {
    for (const entry of allow) {
      const [address, bits] = entry.split('/');
      const family = isIP(address ?? '') === 6 ? 'ipv6' : 'ipv4';
      if (!isIP(address ?? '')) throw new Error(`webhook allowlist entry ${entry} is not an IP address or CIDR`);
      if (bits === undefined) this.#allow.addAddress(address!, family);
      else this.#allow.addSubnet(address!, Number(bits), family);
    }
    for (const [net, bits, why] of BLOCKED_V4) this.#add(net, bits, 'ipv4', why);
    for (const [net, bits, why] of BLOCKED_V6) this.#add(net, bits, 'ipv6', why);
  }

  #add(net: string, bits: number, family: 'ipv4' | 'ipv6', why: string): void {
    const list = new BlockList();
    list.addSubnet(net, bits, family);
    this.#blocked.push({ list, why });
  }

  /** Why `address` may not be reached, or `undefined` when it may. */
  refusal(address: string): string | undefined {
    const ip = embeddedV4(address) ?? address;
    const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
    if (!isIP(ip)) return `${address} is not an IP address`;
    if (this.#allow.check(ip, family)) return undefined;
    const hit = this.#blocked.find((b) => b.list.check(ip, family));
    return hit ? `${address} is a ${hit.why} address` : undefined;
  }

  /**
   * A `lookup` for `http(s).request` that resolves the name and refuses the connection when any
   * resolved address is not allowed, so the checked address is the one connected to (no DNS
   * rebinding between check and connect).
   */
  lookup(): LookupFunction {
    return (hostname, options, callback) => {
      dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses: LookupAddress[]) => {
        if (error) return callback(error, '', 0);
        const refused = addresses.map((a) => this.refusal(a.address)).find((r) => r !== undefined);
        if (refused !== undefined) return callback(new AddressRefusedError(hostname, refused), '', 0);
        const first = addresses[0];
        if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
        if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
        return callback(null, first.address, first.family);
      });
    };
  }
}

/** A call was refused because the target resolves to an address that is not allowed. */
export class AddressRefusedError extends Error {
  override readonly name = 'AddressRefusedError';
  constructor(host: string, why: string) {
    super(`refused to call ${host}: ${why}; ask an admin to allowlist it if this is intended`);
  }
}

function embeddedV4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const mapped = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return mapped[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = parseInt(hex[1]!, 16);
    const lo = parseInt(hex[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return undefined;
}
