/** Media per leg from the SDP offer/answer (issue #3 metrics; RFC 4566, RFC 3264, RFC 3551). */
import { describe, expect, it } from 'vitest';
import { mayCarrySdp, mediaOfMessage } from '../../server/correlate/media-from-sdp.js';
import { sipAt } from './call-fixtures.js';

const W = { t: 1, src: '192.0.2.1:5060', dst: '192.0.2.2:5060' };
const HEAD = ['INVITE sip:b@example.com SIP/2.0', 'Call-ID: m1', 'CSeq: 1 INVITE'];

describe('media from SDP', () => {
  it('reads address (media c= over session c=), port, type, codecs in m= order, direction', () => {
    const sdp = [
      'v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'a=sendonly',
      'm=audio 4000 RTP/AVP 8 0 18 101', 'a=rtpmap:101 telephone-event/8000', 'a=rtpmap:8 PCMA/8000',
      'm=video 4002 RTP/AVP 96', 'c=IN IP4 192.0.2.77', 'a=rtpmap:96 H264/90000', 'a=recvonly',
      'm=image 0 udptl t38', '',
    ].join('\r\n');
    const media = mediaOfMessage(sipAt(W, HEAD, sdp), 'offer');
    expect(media.map((m) => [m.media, m.address, m.port, m.codecs, m.direction, m.role])).toEqual([
      ['audio', '192.0.2.1', 4000, ['PCMA/8000', 'PCMU/8000', 'G729/8000', 'telephone-event/8000'], 'sendonly', 'offer'],
      ['video', '192.0.2.77', 4002, ['H264/90000'], 'recvonly', 'offer'],
      ['image', '192.0.2.1', 0, ['t38'], 'sendonly', 'offer'],
    ]);
  });

  it('defaults the direction to sendrecv (RFC 3264 §5.1)', () => {
    const sdp = ['v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1', 't=0 0', 'm=audio 4000 RTP/AVP 0', ''].join('\r\n');
    expect(mediaOfMessage(sipAt(W, HEAD, sdp), 'answer')[0].direction).toBe('sendrecv');
  });

  it('parses SDP only for application/sdp or multipart bodies', () => {
    const text = sipAt(W, [...HEAD, 'Content-Type: text/plain'], undefined);
    expect(mayCarrySdp(text)).toBe(false);
    const pidf = sipAt(W, [...HEAD, 'Content-Type: application/pidf+xml', 'Content-Length: 5', '', 'hello'].slice(0, 4));
    expect(mayCarrySdp(pidf)).toBe(false);
    expect(mediaOfMessage(sipAt(W, HEAD), 'offer')).toEqual([]);
  });
});

describe('the SDP media scanner agrees with sdp-transform', () => {
  it('gives the same descriptions as mediaFromSdp(parse(...)) on a rich SDP', async () => {
    const { parse } = await import('sdp-transform');
    const { scanSdpMedia, mediaFromSdp } = await import('../../server/correlate/media-from-sdp.js');
    const sdp = [
      'v=0', 'o=- 1 1 IN IP4 192.0.2.1', 's=-', 'c=IN IP4 192.0.2.1/127', 't=0 0', 'a=inactive',
      'm=audio 4000 RTP/AVP 8 0 18 101', 'a=rtpmap:101 telephone-event/8000', 'a=rtpmap:8 PCMA/8000', 'a=fmtp:101 0-15',
      'm=video 4002 RTP/AVP 96 97', 'c=IN IP4 192.0.2.77', 'a=rtpmap:96 H264/90000', 'a=rtpmap:97 opus/48000/2', 'a=sendonly',
      'm=image 0 udptl t38', '',
    ].join('\r\n');
    expect(scanSdpMedia(Buffer.from(sdp, 'latin1'), 7, 'answer')).toEqual(mediaFromSdp(parse(sdp), 7, 'answer'));
  });
});
