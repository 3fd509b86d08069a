/** `cidr` (modifiers appendix, "IP"): the field is an IPv4 or IPv6 address inside the network. */
import { BlockList, isIP } from 'node:net';
import type { TextTest } from './string-matcher.js';

export class CidrError extends Error {
  override readonly name = 'CidrError';
}

/** Compiles one or more networks (OR-ed) into one test; throws `CidrError` for a malformed one. */
export function compileCidrTest(networks: readonly string[]): TextTest {
  // One list per family: a BlockList checks an IPv4 address against IPv6 subnets too (as
  // `::ffff:a.b.c.d`), so `::/0` took in every IPv4 address.
  const v4 = new BlockList();
  const v6 = new BlockList();
  for (const network of networks) {
    const [address = '', prefixText, extra] = network.trim().split('/');
    const family = isIP(address);
    const prefix = prefixText === undefined ? (family === 6 ? 128 : 32) : Number(prefixText);
    const maxPrefix = family === 6 ? 128 : 32;
    if (family === 0 || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > maxPrefix) {
      throw new CidrError(`"${network}" is not an IPv4 or IPv6 network`);
    }
    if (family === 6) v6.addSubnet(address, prefix, 'ipv6');
    else v4.addSubnet(address, prefix, 'ipv4');
  }
  return (s) => {
    const family = isIP(s);
    if (family === 4) return v4.check(s, 'ipv4');
    if (family !== 6) return false;
    // Windows writes IPv4 peers as IPv4-mapped IPv6 (`::ffff:10.0.0.1`): the IPv4 inside is compared too.
    const mapped = s.toLowerCase().startsWith('::ffff:') ? s.slice(7) : '';
    return (isIP(mapped) === 4 && v4.check(mapped, 'ipv4')) || v6.check(s, 'ipv6');
  };
}
