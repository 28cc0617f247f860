import { describe, expect, it } from 'vitest';
import { getBody } from '../../server/sip/get-body.js';
import { getMultipart } from '../../server/sip/get-multipart.js';
import { getSdp } from '../../server/sip/get-sdp.js';
import { parseMultipart } from '../../server/sip/parse-multipart.js';
import { parseSip } from '../../server/sip/parse-sip.js';

const SDP = ['v=0', 'o=- 123 456 IN IP4 192.0.2.10', 's=-', 'c=IN IP4 192.0.2.10', 't=0 0', 'm=audio 4000 RTP/AVP 8 101', 'a=rtpmap:8 PCMA/8000', 'a=sendrecv', ''].join('\r\n');

/** An ITU-T Q.1912.5 (SIP-I) style INVITE: SDP plus an encapsulated ISUP IAM. */
function sipIInvite(): Buffer {
  const isup = Buffer.from([0x01, 0x00, 0x60, 0x00, 0x0a, 0x00, 0x02, 0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0x0d]);
  const body = Buffer.concat([
    Buffer.from(`--unique-boundary-1\r\nContent-Type: application/sdp\r\n\r\n${SDP}\r\n--unique-boundary-1\r\n`),
    Buffer.from('Content-Type: application/ISUP;version=itu-t92+\r\nContent-Disposition: signal;handling=required\r\n\r\n'),
    isup,
    Buffer.from('\r\n--unique-boundary-1--\r\n'),
  ]);
  const head = [
    'INVITE sip:+4930123@gw.example.net;user=phone SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKsipi1',
    'Call-ID: sipi-1@192.0.2.1',
    'CSeq: 1 INVITE',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed;boundary=unique-boundary-1',
    `Content-Length: ${body.length}`,
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head), body]);
}

describe('message bodies', () => {
  it('getBody is a view cut to Content-Length', () => {
    const raw = Buffer.from('MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 5\r\n\r\nhello trailing');
    const m = parseSip(raw);
    const b = getBody(m);
    expect(b.toString()).toBe('hello');
    expect(b.buffer).toBe(raw.buffer);
    expect(getBody(parseSip(Buffer.from('MESSAGE sip:a@b SIP/2.0\r\n\r\nall of it'))).toString()).toBe('all of it');
  });

  it('splits a SIP-I multipart body into SDP and ISUP parts, binary intact', () => {
    const m = parseSip(sipIInvite());
    expect(m.issues).toEqual([]);
    const mp = getMultipart(m);
    expect(mp?.issues).toEqual([]);
    expect(mp?.parts.map((p) => p.contentType?.mediaType)).toEqual(['application/sdp', 'application/isup']);
    expect(mp?.parts[1].contentType?.params).toEqual([{ name: 'version', value: 'itu-t92+', quoted: false }]);
    expect(mp?.parts[1].headers.map((h) => h.value)).toContain('signal;handling=required');
    expect([...(mp?.parts[1].body ?? [])]).toEqual([0x01, 0x00, 0x60, 0x00, 0x0a, 0x00, 0x02, 0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0x0d]);
    expect(mp?.parts[0].body.toString()).toBe(SDP);
  });

  it('getSdp finds the SDP in a plain body and in a multipart part, parsed by sdp-transform', () => {
    const plain = parseSip(Buffer.from(`INVITE sip:a@b SIP/2.0\r\nContent-Type: application/sdp\r\nContent-Length: ${SDP.length}\r\n\r\n${SDP}`));
    const r = getSdp(plain);
    expect(r?.source).toBe('body');
    expect(r?.issues).toEqual([]);
    expect(r?.sdp?.media[0]).toMatchObject({ type: 'audio', port: 4000, protocol: 'RTP/AVP' });
    expect(r?.sdp?.origin.address).toBe('192.0.2.10');
    const m = parseSip(sipIInvite());
    const s = getSdp(m);
    expect(s?.source).toBe('multipart');
    expect(s?.sdp?.media[0].rtp.map((x) => x.codec)).toEqual(['PCMA']);
    expect(s?.bytes.buffer).toBe(m.raw.buffer);
    expect(s?.issues).toEqual([]);
    expect(s?.bytes.toString().startsWith('v=0')).toBe(true);
  });

  it('getSdp reports an unparsable SDP, with offsets into raw', () => {
    const raw = Buffer.from('INVITE sip:a@b SIP/2.0\r\nContent-Type: application/sdp\r\n\r\nhello world');
    const r = getSdp(parseSip(raw));
    expect(r?.sdp).toBeUndefined();
    expect(r?.issues).toEqual([expect.objectContaining({ code: 'bad-sdp', offset: 57 })]);
    expect(raw.toString('latin1', 57)).toBe('hello world');
    const lines = getSdp(parseSip(Buffer.from('INVITE sip:a@b SIP/2.0\r\nc: application/sdp\r\n\r\nv=0\r\nm =video 1 RTP/AVP 0\r\n')));
    expect(lines?.issues.map((i) => i.code)).toEqual(['bad-sdp-line']);
    expect(getSdp(parseSip(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\n\r\n')))).toBeUndefined();
  });

  it('parseMultipart reports a missing close delimiter and tolerates bare LF', () => {
    const mp = parseMultipart(Buffer.from('--b\nContent-Type: text/plain\n\nhi\n--b\n\nsecond'), 'b');
    expect(mp.parts.map((p) => p.body.toString())).toEqual(['hi', 'second']);
    expect(mp.issues.map((i) => i.code)).toEqual(['bare-lf', 'multipart-no-close']);
    expect(parseMultipart(Buffer.from('no delimiters'), 'b').issues.map((i) => i.code)).toEqual(['multipart-no-boundary']);
  });
});
