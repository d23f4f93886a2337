// Whether a web link points at this computer or a private network: a development server, a
// router's admin page, anything that trusts local connections. Such links open only after the user
// says so (and in a remote window VS Code would forward the port to reach them). Pure.

export type LinkReach = 'this computer' | 'your local network' | 'the internet';

/**
 * Where an http(s) URL leads, judged by its host as the WHATWG URL parser normalises it (so
 * `http://2130706433/`, `http://0x7f.1/` and `http://[::ffff:127.0.0.1]/` all count as loopback).
 * A public name that resolves to a local address is not detected: only the address as written.
 */
export function linkReach(url: string): LinkReach {
  let hostname: string;
  try {
    hostname = new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return 'the internet';
  }
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return 'this computer';
  // mDNS names (printer.local) and the home network's own domain.
  if (hostname.endsWith('.local') || hostname === 'home.arpa' || hostname.endsWith('.home.arpa')) return 'your local network';
  const ipv4 = parseIpv4(hostname);
  if (ipv4) return ipv4Reach(ipv4);
  if (hostname.startsWith('[') && hostname.endsWith(']')) return ipv6Reach(hostname.slice(1, -1));
  return 'the internet';
}

function parseIpv4(host: string): number[] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!match) return undefined;
  const bytes = match.slice(1).map(Number);
  return bytes.every((byte) => byte <= 255) ? bytes : undefined;
}

function ipv4Reach([a, b]: number[]): LinkReach {
  // 127/8 loopback; 0/8 "this network" (0.0.0.0 reaches this computer on Linux and macOS).
  if (a === 127 || a === 0) return 'this computer';
  const local =
    a === 10 || // 10/8
    (a === 172 && b >= 16 && b <= 31) || // 172.16/12
    (a === 192 && b === 168) || // 192.168/16
    (a === 169 && b === 254) || // 169.254/16 link-local
    (a === 100 && b >= 64 && b <= 127); // 100.64/10 carrier-grade NAT
  return local ? 'your local network' : 'the internet';
}

function ipv6Reach(address: string): LinkReach {
  const words = expandIpv6(address);
  if (!words) return 'the internet';
  const allZeroUpTo = (end: number): boolean => words.slice(0, end).every((word) => word === 0);
  if (allZeroUpTo(7) && (words[7] === 1 || words[7] === 0)) return 'this computer'; // ::1 and ::
  // ::ffff:a.b.c.d, an IPv4 address in IPv6 form.
  if (allZeroUpTo(5) && words[5] === 0xffff) return ipv4Reach([words[6] >> 8, words[6] & 0xff, words[7] >> 8, words[7] & 0xff]);
  if ((words[0] & 0xfe00) === 0xfc00) return 'your local network'; // fc00::/7 unique local
  if ((words[0] & 0xffc0) === 0xfe80) return 'your local network'; // fe80::/10 link-local
  return 'the internet';
}

/** The eight 16-bit words of an IPv6 address (as the URL parser writes it: hex, `::` once at most). */
function expandIpv6(address: string): number[] | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] => (part ? part.split(':').map((word) => parseInt(word, 16)) : []);
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const words = [...head, ...Array<number>(missing).fill(0), ...tail];
  return words.every((word) => Number.isInteger(word) && word >= 0 && word <= 0xffff) ? words : undefined;
}
