/**
 * RFC 3261 §18.3 on UDP, end to end through the session: the datagram is the message, bytes
 * after the Content-Length body are dropped (noted), a short body is kept (noted), and what the
 * parser finds wrong with Content-Length is on the message.
 */
import { describe, expect, it } from 'vitest';
import { LinkType } from '../../server/capture/link-types.js';
import { buildEthernet, buildUdp } from '../../server/decode/frame-builder.js';
import type { SipMessage } from '../../server/model/sip-message.js';
import { IngestSession } from '../../server/session.js';

function ingestDatagram(text: string): SipMessage[] {
  const out: SipMessage[] = [];
  const session = new IngestSession({ message: (m) => out.push(m) });
  const data = buildEthernet(buildUdp({ src: '192.0.2.1', dst: '192.0.2.2', srcPort: 5060, dstPort: 5060, payload: text }));
  session.push({ frame: 1, tsSec: 1, tsNsec: 0, linkType: LinkType.ETHERNET, data, origLen: data.length, fileOffset: 24, recordLength: data.length + 16, interfaceId: 0 });
  session.finish();
  return out;
}

const HEAD = 'MESSAGE sip:bob@example.com SIP/2.0\r\nCall-ID: c1\r\nCSeq: 1 MESSAGE\r\n';

describe('UDP Content-Length through the session', () => {
  it('drops the bytes after the Content-Length body and notes udp-extra-bytes', () => {
    const [m] = ingestDatagram(`${HEAD}Content-Length: 5\r\n\r\nhelloTRAILING-JUNK`);
    expect(m.raw.toString('latin1')).toBe(`${HEAD}Content-Length: 5\r\n\r\nhello`);
    expect(m.framing.map((n) => n.code)).toEqual(['udp-extra-bytes']);
    expect(m.framing[0].message).toContain('13 bytes');
  });

  it('reads the compact form `l` with spaces around the value', () => {
    const [m] = ingestDatagram(`${HEAD}l  :  5 \r\n\r\nhelloEXTRA`);
    expect(m.raw.toString('latin1').endsWith('\r\n\r\nhello')).toBe(true);
    expect(m.contentLength).toBe(5);
  });

  it('keeps a body shorter than Content-Length and notes udp-body-short', () => {
    const [m] = ingestDatagram(`${HEAD}Content-Length: 50\r\n\r\nhello`);
    expect(m.raw.toString('latin1').endsWith('hello')).toBe(true);
    expect(m.framing.map((n) => n.code)).toEqual(['udp-body-short']);
    expect(m.issues.map((i) => i.code)).toContain('body-shorter-than-content-length');
  });

  it('keeps the whole datagram when Content-Length is not a number, with the parser issue', () => {
    const text = `${HEAD}Content-Length: 5x\r\n\r\nhello!!`;
    const [m] = ingestDatagram(text);
    expect(m.raw.toString('latin1')).toBe(text);
    expect(m.issues.map((i) => i.code)).toContain('bad-content-length');
  });

  it('keeps a message whose header section is cut, with the parser issue', () => {
    const text = 'INVITE sip:b@x SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nCall-ID: abc';
    const [m] = ingestDatagram(text);
    expect(m.raw.toString('latin1')).toBe(text);
    expect(m.issues.map((i) => i.code)).toContain('no-blank-line');
  });
});
