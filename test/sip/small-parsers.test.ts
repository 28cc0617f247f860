import { describe, expect, it } from 'vitest';
import { parseContentType } from '../../server/sip/parse-content-type.js';
import { parseCSeq } from '../../server/sip/parse-cseq.js';
import { parseExpires } from '../../server/sip/parse-expires.js';
import { parseMaxForwards } from '../../server/sip/parse-max-forwards.js';
import { parseRAck } from '../../server/sip/parse-rack.js';
import { parseRSeq } from '../../server/sip/parse-rseq.js';

describe('small header parsers', () => {
  it('parseCSeq reads number and method, and reports bad-cseq with an offset', () => {
    expect(parseCSeq(' 4711 INVITE ')).toEqual({ cseq: { seq: 4711, method: 'INVITE' }, issues: [] });
    expect(parseCSeq('12 ').issues).toEqual([expect.objectContaining({ code: 'bad-cseq' })]);
  });

  it('parseContentType reads type, subtype and parameters', () => {
    const ct = parseContentType('Multipart/Mixed ; boundary="unique-boundary-1"; charset=UTF-8');
    expect(ct).toMatchObject({ type: 'multipart', subtype: 'mixed', mediaType: 'multipart/mixed', boundary: 'unique-boundary-1', charset: 'UTF-8' });
    expect(ct.issues).toEqual([]);
    expect(parseContentType('multipart/mixed').issues.map((i) => i.code)).toEqual(['missing-boundary']);
    expect(parseContentType('sdp').issues.map((i) => i.code)).toEqual(['bad-content-type']);
  });

  it('parseMaxForwards accepts 0-255 with leading zeros', () => {
    expect(parseMaxForwards('0068').value).toBe(68);
    expect(parseMaxForwards('0').value).toBe(0);
    expect(parseMaxForwards('256').issues.map((i) => i.code)).toEqual(['bad-max-forwards']);
    expect(parseMaxForwards('7a').value).toBeUndefined();
  });

  it('parseExpires accepts 0 to 2^32-1', () => {
    expect(parseExpires('3600').value).toBe(3600);
    expect(parseExpires('4294967295').value).toBe(4294967295);
    expect(parseExpires('4294967296').issues.map((i) => i.code)).toEqual(['bad-expires']);
  });

  it('parseRSeq and parseRAck read RFC 3262 values', () => {
    expect(parseRSeq('988789').value).toBe(988789);
    expect(parseRSeq('x').issues.map((i) => i.code)).toEqual(['bad-rseq']);
    expect(parseRAck('776656 1 INVITE').rack).toEqual({ rseq: 776656, cseq: 1, method: 'INVITE' });
    expect(parseRAck('776656 INVITE').issues.map((i) => i.code)).toEqual(['bad-rack']);
  });
});
