/** `cidr` (modifiers appendix, "IP"): the field is an IPv4 or IPv6 address inside the network. */
import { BlockList, isIP } from 'node:net';
import type { TextTest } from './string-matcher.js';

export class CidrError extends Error {
  override readonly name = 'CidrError';
}

/** Compiles one or more networks (OR-ed) into one test; throws `CidrError` for a malformed one. */
export function compileCidrTest(networks: readonly string[]): TextTest {
  const list = new BlockList();
  for (const network of networks) {
    const [address = '', prefixText, extra] = network.trim().split('/');
    const family = isIP(address);
    const prefix = prefixText === undefined ? (family === 6 ? 128 : 32) : Number(prefixText);
    const maxPrefix = family === 6 ? 128 : 32;
    if (family === 0 || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > maxPrefix) {
      throw new CidrError(`"${network}" is not an IPv4 or IPv6 network`);
    }
    list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return (s) => {
    // Windows writes IPv4 peers as IPv4-mapped IPv6 (`::ffff:10.0.0.1`); compare the IPv4 inside.
    const text = s.startsWith('::ffff:') && isIP(s.slice(7)) === 4 ? s.slice(7) : s;
    const family = isIP(text);
    return family !== 0 && list.check(text, family === 6 ? 'ipv6' : 'ipv4');
  };
}
