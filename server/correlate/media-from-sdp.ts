import type { SessionDescription } from 'sdp-transform';
import type { MediaDescription } from '../model/correlation.js';
import type { SipMessage } from '../model/sip-message.js';
import { getBody } from '../sip/get-body.js';
import { getHeader } from '../sip/get-header.js';
import { getSdp } from '../sip/get-sdp.js';

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
 * `m=`, `a=rtpmap`, the direction attributes), scanning the body once without building the
 * whole description: sdp-transform's full grammar costs more than the rest of the correlation.
 */
export function scanSdpMedia(body: Buffer, message: number, role: 'offer' | 'answer'): MediaDescription[] {
  if (body.length < 2 || body[0] !== 0x76 || body[1] !== 0x3d) return []; // not `v=`: not an SDP
  const text = body.toString('latin1');
  const out: MediaDescription[] = [];
  let sessionAddr = '';
  let sessionDir: Direction = 'sendrecv';
  let cur: { media: string; port: number; payloads: string[]; addr: string | undefined; dir: Direction | undefined; names: Map<number, string> } | undefined;
  const flush = (): void => {
    if (cur === undefined) return;
    const names = cur.names;
    out.push({
      message,
      role,
      address: cur.addr ?? sessionAddr,
      port: cur.port,
      media: cur.media,
      codecs: cur.payloads.map((p) => names.get(Number(p)) ?? STATIC_PAYLOADS[Number(p)] ?? p),
      direction: cur.dir ?? sessionDir,
    });
  };
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const lineEnd = end > pos && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
    const type = text.charCodeAt(pos);
    if (text.charCodeAt(pos + 1) === 0x3d && lineEnd > pos + 2) {
      const v = text.slice(pos + 2, lineEnd);
      if (type === 0x6d) {
        // m=<media> <port>[/<n>] <proto> <fmt> ...
        flush();
        const parts = v.split(' ');
        const port = parseInt(parts[1] ?? '', 10);
        const payloads: string[] = [];
        for (let i = 3; i < parts.length; i++) if (parts[i] !== '') payloads.push(parts[i]);
        cur = { media: parts[0] ?? '', port: Number.isFinite(port) ? port : 0, payloads, addr: undefined, dir: undefined, names: new Map() };
      } else if (type === 0x63) {
        // c=IN IP4 <addr>[/ttl[/n]]
        const parts = v.split(' ');
        const addr = (parts[2] ?? '').split('/')[0];
        if (cur === undefined) sessionAddr = addr;
        else cur.addr = addr;
      } else if (type === 0x61) {
        if (v === 'sendrecv' || v === 'sendonly' || v === 'recvonly' || v === 'inactive') {
          if (cur === undefined) sessionDir = v;
          else cur.dir = v;
        } else if (cur !== undefined && v.startsWith('rtpmap:')) {
          // a=rtpmap:<payload> <encoding>/<rate>[/<channels>]
          const sp = v.indexOf(' ');
          if (sp > 7) {
            const pt = parseInt(v.slice(7, sp), 10);
            const name = v.slice(sp + 1).trim();
            if (Number.isFinite(pt) && name !== '' && !cur.names.has(pt)) cur.names.set(pt, name);
          }
        }
      }
    }
    pos = end + 1;
  }
  flush();
  return out;
}

/** RFC 4566 §5.7: `<base multicast address>[/<ttl>]/<number of addresses>`: the address alone. */
function connectionAddress(ip: string | undefined): string {
  if (ip === undefined) return '';
  const slash = ip.indexOf('/');
  return slash < 0 ? ip : ip.slice(0, slash);
}
