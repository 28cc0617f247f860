import { FrameBuildError } from './frame-build-error.js';

/** "10.0.0.1" → 4 bytes, "2001:db8::1" (also "::ffff:1.2.3.4") → 16 bytes. For builders. */
export function parseIpAddress(text: string): Buffer {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

function parseIpv4(text: string): Buffer {
  const parts = text.split('.');
  const bytes = parts.map(Number);
  if (parts.length !== 4 || bytes.some((b, i) => !/^\d{1,3}$/.test(parts[i]) || b > 255)) {
    throw new FrameBuildError(`not an IPv4 address: ${text}`);
  }
  return Buffer.from(bytes);
}

function parseIpv6(text: string): Buffer {
  const out = Buffer.alloc(16);
  let body = text;
  let tail: Buffer | undefined;
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    tail = parseIpv4(body.slice(lastColon + 1));
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const halves = body.split('::');
  if (halves.length > 2) throw new FrameBuildError(`not an IPv6 address: ${text}`);
  const groups = (half: string): number[] =>
    half === ''
      ? []
      : half.split(':').map((g) => {
          if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw new FrameBuildError(`not an IPv6 address: ${text}`);
          return parseInt(g, 16);
        });
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const fill = 8 - head.length - rest.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) throw new FrameBuildError(`not an IPv6 address: ${text}`);
  const all = [...head, ...new Array<number>(halves.length === 2 ? fill : 0).fill(0), ...rest];
  all.forEach((g, i) => out.writeUInt16BE(g, 2 * i));
  if (tail !== undefined) tail.copy(out, 12);
  return out;
}
