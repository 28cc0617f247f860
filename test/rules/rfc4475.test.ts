import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGE_RULES } from '../../server/rules/messages/index.js';
import { checkAll, sipMessage } from './messages/rule-kit.js';

// RFC 4475 torture messages, byte-exact, provided read-only under /work/shared (see its README).
const DIR = '/work/shared/rfc4475';
const present = existsSync(join(DIR, 'EXPECTED.tsv'));

/**
 * For each invalid message: the error-severity rules that must name its actual problem.
 * (A message may get more errors than these; these are the ones it must get.)
 */
const EXPECTED_ERRORS: Readonly<Record<string, readonly string[]>> = {
  // §3.1.2.1: empty ';' and ',' elements in Via and Contact.
  'badinv01.dat': ['VIA-SYNTAX', 'NAMEADDR-SYNTAX'],
  // §3.1.2.2: Content-Length larger than the body in a UDP datagram.
  'clerr.dat': ['CL-MISMATCH'],
  // §3.1.2.3: negative Content-Length.
  'ncl.dat': ['CL-MISMATCH'],
  // §3.1.2.4: CSeq above 2^32-1 and Max-Forwards 300 in a request.
  'scalar02.dat': ['CSEQ-RANGE', 'MAXFWD-RANGE'],
  // §3.1.2.5: CSeq above 2^32-1 in a response.
  'scalarlg.dat': ['CSEQ-RANGE'],
  // §3.1.2.6: unterminated quoted display name in To.
  'quotbal.dat': ['NAMEADDR-SYNTAX'],
  // §3.1.2.7: Request-URI enclosed in <>.
  'ltgtruri.dat': ['URI-SYNTAX'],
  // §3.1.2.8: whitespace inside the Request-URI.
  'lwsruri.dat': ['URI-SYNTAX'],
  // §3.1.2.9: several SPs between Request-Line elements.
  'lwsstart.dat': ['MSG-START-LINE'],
  // §3.1.2.10: trailing SP after the SIP-Version.
  'trws.dat': ['MSG-START-LINE'],
  // §3.1.2.11: escaped headers (?Route=) in the Request-URI.
  'escruri.dat': ['URI-SYNTAX'],
  // §3.1.2.12: Date in EST, not GMT.
  'baddate.dat': ['DATE-SYNTAX'],
  // §3.1.2.13: Contact URI with '?' headers not enclosed in <>.
  'regbadct.dat': ['NAMEADDR-ANGLE'],
  // §3.1.2.14: spaces inside '< ... >' of the To addr-spec.
  'badaspec.dat': ['URI-SYNTAX'],
  // §3.1.2.15: unquoted display names with non-token characters.
  'baddn.dat': ['NAMEADDR-SYNTAX'],
  // §3.1.2.16: SIP/7.0.
  'badvers.dat': ['MSG-VERSION'],
  // §3.1.2.17: OPTIONS with CSeq method INVITE.
  'mismatch01.dat': ['CSEQ-METHOD'],
  // §3.1.2.18: NEWMETHOD with CSeq method INVITE.
  'mismatch02.dat': ['CSEQ-METHOD'],
  // §3.1.2.19: status code 4294967301.
  'bigcode.dat': ['STATUS-RANGE'],
  // §3.2.1: the branch is the bare magic cookie z9hG4bK.
  'badbranch.dat': ['VIA-BRANCH-ID'],
  // §3.3.1: INVITE without To, From and Call-ID.
  'insuf.dat': ['HDR-MANDATORY-REQ'],
  // §3.3.8: CSeq, Call-ID, To and From repeated.
  'multi01.dat': ['HDR-DUP-SINGLE'],
  // §3.3.9: two Content-Length values that disagree.
  'mcl01.dat': ['HDR-DUP-SINGLE', 'CL-MISMATCH'],
  // Not referenced by a section: no SIP-Version on the Request-Line, a header line with no colon.
  'test.dat': ['MSG-START-LINE', 'HDR-NO-COLON'],
};

describe.skipIf(!present)('RFC 4475 verdicts from the message rules (skipped: /work/shared/rfc4475 not found)', () => {
  const rows = present
    ? readFileSync(join(DIR, 'EXPECTED.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'))
    : [];

  it('lists 50 messages with a verdict, and an expectation for every invalid one', () => {
    expect(rows.length).toBe(50);
    const invalid = rows.filter((r) => r[1] === 'invalid').map((r) => r[0]).sort();
    expect(invalid).toEqual(Object.keys(EXPECTED_ERRORS).sort());
  });

  for (const [file, verdict, section] of rows) {
    const name = `${verdict === 'valid' ? 'accepts' : 'rejects'} ${file} (RFC 4475 §${section})`;
    it(name, () => {
      const msg = sipMessage(readFileSync(join(DIR, file)), 'UDP') // the RFC's messages are datagrams (§3.1.2.2: "over UDP");
      const errors = checkAll(msg, MESSAGE_RULES).filter((h) => h.severity === 'error');
      if (verdict === 'valid') {
        expect(errors.map((e) => `${e.rule}: ${e.summary}`)).toEqual([]);
      } else {
        const ids = new Set(errors.map((e) => e.rule));
        for (const want of EXPECTED_ERRORS[file]) expect(ids.has(want), `${file} expects ${want}; got ${[...ids].join(', ')}`).toBe(true);
      }
    });
  }
});
