import type { SessionDescription } from 'sdp-transform';
import type { MediaDescription } from '../model/correlation.js';
import type { SipMessage } from '../model/sip-message.js';
import { getBody } from '../sip/get-body.js';
import { getHeader } from '../sip/get-header.js';
import { getSdp } from '../sip/get-sdp.js';
import { latin1Text } from '../sip/buffer-text.js';

type Direction = MediaDescription['direction'];

/**
 * RFC 3551 §6 static payload types, for an m= line that lists them without an a=rtpmap
 * (allowed for static types, RFC 4566 §6).
 */
const STATIC_PAYLOADS: Readonly<Record<number, string>> = {
  0: 'PCMU/8000',
  3: 'GSM/8000',
  4: 'G723/8000',
  5: 'DVI4/8000',
  6: 'DVI4/16000',
  7: 'LPC/8000',
  8: 'PCMA/8000',
  9: 'G722/8000',
  10: 'L16/44100/2',
  11: 'L16/44100',
  12: 'QCELP/8000',
  13: 'CN/8000',
  14: 'MPA/90000',
  15: 'G728/8000',
  16: 'DVI4/11025',
  17: 'DVI4/22050',
  18: 'G729/8000',
  25: 'CelB/90000',
  26: 'JPEG/90000',
  28: 'nv/90000',
  31: 'H261/90000',
  32: 'MPV/90000',
  33: 'MP2T/90000',
  34: 'H263/90000',
};

/**
 * Whether a message's body may be a session description: cheap (one header lookup), so SDP is
 * parsed only for messages that carry one (application/sdp, or multipart: RFC 5621 bodies such
 * as SIP-I's SDP + ISUP).
 */
export function mayCarrySdp(msg: Pick<SipMessage, 'raw' | 'headers' | 'bodyOffset' | 'contentLength'>): boolean {
  return sdpBodyKind(msg) !== undefined;
}

/** 'sdp' for an application/sdp body, 'other' for one that may hold SDP (multipart, or no Content-Type). */
function sdpBodyKind(msg: Pick<SipMessage, 'raw' | 'headers' | 'bodyOffset' | 'contentLength'>): 'sdp' | 'other' | undefined {
  if (msg.contentLength === 0 || msg.bodyOffset >= msg.raw.length) return undefined;
  const ct = getHeader(msg, 'content-type');
  if (ct === undefined) return 'other'; // getSdp still reads an SDP without Content-Type (RFC 3261 §20.15 issue)
  const lower = ct.trimStart().toLowerCase();
  if (lower.startsWith('application/sdp')) return 'sdp';
  return lower.startsWith('multipart/') ? 'other' : undefined;
}

/**
 * The media streams of a session description (RFC 4566 §5.14), one per m= line: the address
 * from the media-level c= or else the session-level one (§5.7), the port, the media type,
 * the codecs as rtpmap names in m= order ("PCMU/8000"; static payload types without rtpmap
 * from RFC 3551 §6), and the direction (media-level attribute, else session-level, else
 * sendrecv, RFC 3264 §5.1).
 */
export function mediaFromSdp(sdp: SessionDescription, message: number, role: 'offer' | 'answer'): MediaDescription[] {
  const out: MediaDescription[] = [];
  const sessionAddr = connectionAddress(sdp.connection?.ip);
  const sessionDir: Direction = sdp.direction ?? 'sendrecv';
  for (const m of sdp.media ?? []) {
    const codecs: string[] = [];
    const names = new Map<number, string>();
    for (const r of m.rtp ?? []) {
      names.set(r.payload, r.rate === undefined ? r.codec : r.encoding === undefined ? `${r.codec}/${r.rate}` : `${r.codec}/${r.rate}/${r.encoding}`);
    }
    for (const p of String(m.payloads ?? '').split(' ')) {
      if (p === '') continue;
      const n = Number(p);
      const name = names.get(n) ?? STATIC_PAYLOADS[n];
      // Non-RTP formats (T.38 `t38`, `*`) are named as written.
      codecs.push(name ?? p);
    }
    out.push({
      message,
      role,
      address: m.connection === undefined ? sessionAddr : connectionAddress(m.connection.ip),
      port: typeof m.port === 'number' && Number.isFinite(m.port) ? m.port : 0,
      media: m.type,
      codecs,
      direction: m.direction ?? sessionDir,
    });
  }
  return out;
}

/**
 * The media of a message's SDP. A plain application/sdp body is read by `scanSdpMedia` (hot:
 * every INVITE and answer carries one); a multipart body goes through `getSdp` (sdp-transform).
 */
export function mediaOfMessage(msg: SipMessage, role: 'offer' | 'answer'): MediaDescription[] {
  const kind = sdpBodyKind(msg);
  if (kind === undefined) return [];
  if (kind === 'sdp') return scanSdpMedia(getBody(msg), msg.id, role);
  const r = getSdp(msg);
  return r?.sdp === undefined ? [] : mediaFromSdp(r.sdp, msg.id, role);
}

/**
 * The same result as `mediaFromSdp(parse(text))` for the lines it needs (RFC 4566 §5: `c=`,
 * `m=`, `a=rtpmap`, the direction attributes), scanning the body's bytes once without building
 * the whole description: sdp-transform's full grammar costs more than the rest of the
 * correlation. Only the few lines that matter become strings (each on its own, so a kept
 * description does not hold the whole body's text); codec and media names are shared.
 */
export function scanSdpMedia(body: Buffer, message: number, role: 'offer' | 'answer'): MediaDescription[] {
  if (body.length < 2 || body[0] !== 0x76 || body[1] !== 0x3d) return []; // not `v=`: not an SDP
  const out: MediaDescription[] = [];
  const n = body.length;
  let sessionAddr = '';
  let sessionDir: Direction = 'sendrecv';
  let cur: MediaInProgress | undefined;
  let pos = 0;
  while (pos < n) {
    let end = body.indexOf(0x0a, pos);
    if (end < 0) end = n;
    const lineEnd = end > pos && body[end - 1] === 0x0d ? end - 1 : end;
    const type = body[pos];
    if (pos + 1 < n && body[pos + 1] === 0x3d && lineEnd > pos + 2) {
      const vs = pos + 2;
      if (type === 0x6d) {
        // m=<media> <port>[/<n>] <proto> <fmt> ...
        if (cur !== undefined) out.push(describe(cur, message, role, sessionAddr, sessionDir));
        const parts = latin1Text(body, vs, lineEnd).split(' ');
        const port = parseInt(parts[1] ?? '', 10);
        const payloads: string[] = [];
        for (let i = 3; i < parts.length; i++) if (parts[i] !== '') payloads.push(parts[i]);
        cur = { media: shared(parts[0] ?? ''), port: Number.isFinite(port) ? port : 0, payloads, addr: undefined, dir: undefined, names: undefined };
      } else if (type === 0x63) {
        // c=IN IP4 <addr>[/ttl[/n]]: the third space-separated field, up to a '/'.
        const addr = connectionField(body, vs, lineEnd);
        if (cur === undefined) sessionAddr = addr;
        else cur.addr = addr;
      } else if (type === 0x61) {
        const dir = directionAt(body, vs, lineEnd);
        if (dir !== undefined) {
          if (cur === undefined) sessionDir = dir;
          else cur.dir = dir;
        } else if (cur !== undefined && isRtpmap(body, vs, lineEnd)) {
          // a=rtpmap:<payload> <encoding>/<rate>[/<channels>]
          const v = latin1Text(body, vs, lineEnd);
          const sp = v.indexOf(' ');
          if (sp > 7) {
            const pt = parseInt(v.slice(7, sp), 10);
            const name = v.slice(sp + 1).trim();
            const names = (cur.names ??= new Map());
            if (Number.isFinite(pt) && name !== '' && !names.has(pt)) names.set(pt, shared(name));
          }
        }
      }
    }
    pos = end + 1;
  }
  if (cur !== undefined) out.push(describe(cur, message, role, sessionAddr, sessionDir));
  return out;
}

interface MediaInProgress {
  media: string;
  port: number;
  payloads: string[];
  addr: string | undefined;
  dir: Direction | undefined;
  names: Map<number, string> | undefined;
}

function describe(cur: MediaInProgress, message: number, role: 'offer' | 'answer', sessionAddr: string, sessionDir: Direction): MediaDescription {
  // Sized up front: a kept description should not carry an array grown by push.
  const payloads = cur.payloads;
  const codecs = new Array<string>(payloads.length);
  for (let i = 0; i < payloads.length; i++) {
    const pt = Number(payloads[i]);
    codecs[i] = cur.names?.get(pt) ?? STATIC_PAYLOADS[pt] ?? payloads[i];
  }
  return { message, role, address: cur.addr ?? sessionAddr, port: cur.port, media: cur.media, codecs, direction: cur.dir ?? sessionDir };
}

/** `split(' ')[2].split('/')[0]` of a c= value, without the split. */
function connectionField(b: Buffer, start: number, end: number): string {
  let i = start;
  for (let spaces = 0; spaces < 2; i++) {
    if (i >= end) return '';
    if (b[i] === 0x20) spaces++;
  }
  const s = i;
  while (i < end && b[i] !== 0x20 && b[i] !== 0x2f) i++;
  return latin1Text(b, s, i);
}

const DIRECTIONS: readonly Direction[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

/** The direction attribute (RFC 4566 §6, RFC 3264 §5.1) an a= value is exactly, if any. */
function directionAt(b: Buffer, start: number, end: number): Direction | undefined {
  if (end - start !== 8) return undefined;
  for (const d of DIRECTIONS) {
    let i = 0;
    while (i < 8 && b[start + i] === d.charCodeAt(i)) i++;
    if (i === 8) return d;
  }
  return undefined;
}

function isRtpmap(b: Buffer, start: number, end: number): boolean {
  return end - start > 7 && b[start] === 0x72 && b[start + 1] === 0x74 && b[start + 2] === 0x70 && b[start + 3] === 0x6d &&
    b[start + 4] === 0x61 && b[start + 5] === 0x70 && b[start + 6] === 0x3a;
}

/**
 * Codec and media names repeat across every call of a capture: each kept description shares
 * one string per name instead of holding its own copy. Bounded: past the limit it starts over.
 */
const names = new Map<string, string>();
const MAX_SHARED_NAMES = 1024;

function shared(s: string): string {
  const known = names.get(s);
  if (known !== undefined) return known;
  if (names.size >= MAX_SHARED_NAMES) names.clear();
  names.set(s, s);
  return s;
}

/** RFC 4566 §5.7: `<base multicast address>[/<ttl>]/<number of addresses>`: the address alone. */
function connectionAddress(ip: string | undefined): string {
  if (ip === undefined) return '';
  const slash = ip.indexOf('/');
  return slash < 0 ? ip : ip.slice(0, slash);
}
