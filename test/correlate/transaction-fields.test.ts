import { describe, expect, it } from 'vitest';
import { correlationFields } from '../../server/correlate/transaction-fields.js';
import { getFrom, getTo, getVias } from '../../server/sip/index.js';
import { parseSip } from '../../server/sip/parse-sip.js';

const msg = (lines: string[]) => parseSip(Buffer.from(lines.join('\r\n'), 'utf8'));

describe('correlationFields reads what the sip stage parses', () => {
  const cases: [string, string[]][] = [
    ['full names', ['Via: SIP/2.0/UDP pc33.Atlanta.com:5066;received=1.2.3.4;branch=z9hG4bK776asdhds', 'From: "A, B" <sip:a@x;tag=uri>;tag=1928301774', 'To: <sip:b@y>;TAG=a6c85cf']],
    ['compact forms, spaces around ; and =', ['v: SIP / 2.0 / TCP [2001:db8::9]:5070 ; branch = z9hG4bKx1, SIP/2.0/UDP other;branch=z9hG4bKother', 'f: sip:a@x;tag=ft', 't: Bob <sip:b@y>']],
    ['folded Via and no To tag', ['Via: SIP/2.0/UDP host.example', ' ;branch=z9hG4bKfold', 'From: <sip:a@x>;tag=abc', 'To: sip:b@y']],
    ['no branch (RFC 2543)', ['Via: SIP/2.0/UDP 10.0.0.1', 'From: a <sip:a@x>;tag=q', 'To: <sip:b@y>']],
  ];
  for (const [name, headers] of cases) {
    it(name, () => {
      const m = msg(['INVITE sip:b@y SIP/2.0', 'Max-Forwards: 70', ...headers, 'CSeq: 1 INVITE', '', '']);
      const f = correlationFields(m);
      const v = getVias(m)[0];
      // sent-by keeps an IPv6 reference in brackets, so host and port stay apart.
      const host = v.hostType === 'ipv6' ? `[${v.host}]` : v.host.toLowerCase();
      expect(f.topVia).toEqual({ sentBy: `${host}:${v.port ?? ''}`, branch: v.branch ?? '' });
      expect(f.fromTag).toBe(getFrom(m)?.tag ?? '');
      expect(f.toTag).toBe(getTo(m)?.tag ?? '');
    });
  }

  it('reads the RSeq of a reliable provisional response only', () => {
    const lines = (start: string) => [start, 'Via: SIP/2.0/UDP h;branch=z9hG4bKr', 'From: <sip:a@x>;tag=1', 'To: <sip:b@y>;tag=2', 'CSeq: 1 INVITE', 'RSeq: 7', '', ''];
    expect(correlationFields(msg(lines('SIP/2.0 183 Session Progress'))).rseq).toBe('7');
    expect(correlationFields(msg(lines('SIP/2.0 200 OK'))).rseq).toBe('');
  });
});
