import { describe, expect, it } from 'vitest';
import type { MessageLabels } from '../../server/correlate/correlator.js';
import type { SipMessage } from '../../server/model/sip-message.js';
import type { Violation } from '../../server/model/violation.js';
import { sipMessageFromBytes } from '../../server/cli/check-message-input.js';
import type { Finding, Rule } from '../../server/rules/rule.js';
import { DuplicateRuleError, RuleRegistry } from '../../server/rules/rule-registry.js';
import { RulesEngine } from '../../server/rules/rules-engine.js';
import { analyzeCapture } from '../../server/session.js';
import { FIXTURES_DIR } from '../support/run-cli.js';

/** Test rule: CSeq method must equal the request method; the span is the CSeq header. */
const cseqRule: Rule = {
  id: 'T-CSEQ',
  title: 'CSeq method matches',
  severity: 'error',
  rfc: [{ rfc: 3261, section: '8.1.1.5' }],
  scope: 'message',
  triggers: 'CSeq method differs',
  example: 'INVITE … CSeq: 1 BYE',
  checkMessage(msg: SipMessage, report: (f: Finding) => void): void {
    const sl = msg.startLine;
    if (sl?.kind !== 'request' || msg.cseq === undefined || msg.cseq.method === sl.method) return;
    const h = msg.headers.find((x) => x.key === 'cseq');
    report({ summary: `CSeq method ${msg.cseq.method} differs from request method ${sl.method}`, span: h && { start: h.start, end: h.end } });
  },
};

/** Test rule: reports every BYE, without a span, twice (a rule may report several findings). */
const byeRule: Rule = {
  id: 'T-BYE',
  title: 'BYE seen',
  severity: 'info',
  rfc: [{ rfc: 3261, section: '15.1.1' }],
  scope: 'message',
  triggers: 'a BYE',
  example: 'BYE sip:a@b SIP/2.0',
  checkMessage(msg, report): void {
    if (msg.startLine?.kind === 'request' && msg.startLine.method === 'BYE') {
      report({ summary: 'BYE one' });
      report({ summary: 'BYE two' });
    }
  },
};

const dialogRule: Rule = { ...byeRule, id: 'T-DLG', scope: 'dialog', checkMessage: undefined };

function sip(lines: string[], body = ''): Buffer {
  return Buffer.from(lines.join('\r\n') + '\r\n\r\n' + body, 'latin1');
}

const BAD_CSEQ = sip([
  'INVITE sip:bob@example.com SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds',
  'Max-Forwards: 70',
  'To: <sip:bob@example.com>',
  'From: <sip:alice@example.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710',
  'CSeq: 314159 BYE',
  'Content-Length: 0',
]);

describe('RulesEngine', () => {
  it('turns a finding into a violation with rule id, severity, citations, message id, frame, Call-ID and span', () => {
    const msg = sipMessageFromBytes(BAD_CSEQ);
    const labels: MessageLabels = { call: 7, transaction: 3, dialog: undefined, role: undefined };
    const vs = new RulesEngine([cseqRule]).checkMessage(msg, labels);
    expect(vs).toHaveLength(1);
    const v = vs[0];
    expect(v).toMatchObject({
      rule: 'T-CSEQ',
      severity: 'error',
      rfc: [{ rfc: 3261, section: '8.1.1.5' }],
      summary: 'CSeq method BYE differs from request method INVITE',
      messages: [msg.id],
      frames: [0],
      callId: 'a84b4c76e66710',
      call: 7,
      transaction: 3,
      dialog: undefined,
    });
    expect(v.span?.message).toBe(msg.id);
    expect(msg.raw.subarray(v.span?.start, v.span?.end).toString('latin1')).toBe('CSeq: 314159 BYE');
  });

  it('leaves call, dialog and transaction undefined for a lone message without labels', () => {
    const v = new RulesEngine([cseqRule]).checkMessage(sipMessageFromBytes(BAD_CSEQ))[0];
    expect([v.call, v.dialog, v.transaction]).toEqual([undefined, undefined, undefined]);
  });

  it('returns no violation for a correct message, and runs only message-scope rules', () => {
    const good = sipMessageFromBytes(Buffer.from(BAD_CSEQ.toString('latin1').replace('314159 BYE', '314159 INVITE'), 'latin1'));
    const engine = new RulesEngine([cseqRule, dialogRule]);
    expect(engine.checkMessage(good)).toEqual([]);
    expect(engine.active.map((a) => a.rule.id)).toEqual(['T-CSEQ', 'T-DLG']);
    expect(engine.dialogRules.map((a) => a.rule.id)).toEqual(['T-DLG']);
  });

  it('applies config: a disabled rule does not run; an overridden severity is the violation severity', () => {
    const msg = sipMessageFromBytes(BAD_CSEQ);
    expect(new RulesEngine([cseqRule], { disable: ['T-CSEQ'], enable: [], severity: {} }).checkMessage(msg)).toEqual([]);
    const v = new RulesEngine([cseqRule], { disable: [], enable: [], severity: { 'T-CSEQ': 'warning' } }).checkMessage(msg);
    expect(v.map((x) => x.severity)).toEqual(['warning']);
  });

  it('labels each violation with the frame and the correlator call/dialog/transaction of its message (sipp capture)', async () => {
    const engine = new RulesEngine([cseqRule, byeRule]);
    const found: { v: Violation; msg: SipMessage; labels: MessageLabels }[] = [];
    let messages = 0;
    await analyzeCapture(`${FIXTURES_DIR}sipp/basic-call-udp.pcap`, {
      labels: (msg, labels) => {
        messages++;
        for (const v of engine.checkMessage(msg, labels)) found.push({ v, msg, labels });
      },
    });
    expect(messages).toBeGreaterThan(0);
    const byes = found.filter((f) => f.v.rule === 'T-BYE');
    expect(byes.length).toBeGreaterThan(0);
    expect(byes.length % 2).toBe(0);
    expect(found.filter((f) => f.v.rule === 'T-CSEQ')).toEqual([]);
    for (const { v, msg, labels } of byes) {
      expect(v.severity).toBe('info');
      expect(v.frames).toEqual([msg.origin.frame]);
      expect(v.frames[0]).toBeGreaterThan(0);
      expect(v.messages).toEqual([msg.id]);
      expect(v.callId).toBe(msg.callId);
      expect(v.call).toBe(labels.call);
      expect(v.dialog).toBe(labels.dialog);
      expect(v.dialog).toBeDefined();
      expect(v.transaction).toBe(labels.transaction);
      expect(v.span).toBeUndefined();
    }
  });
});

describe('RuleRegistry', () => {
  it('finds rules by id, lists them sorted by id, and refuses two rules with one id', () => {
    const reg = new RuleRegistry([cseqRule, byeRule]);
    expect(reg.ids).toEqual(['T-BYE', 'T-CSEQ']);
    expect(reg.get('T-CSEQ')).toBe(cseqRule);
    expect(reg.get('NOPE')).toBeUndefined();
    expect(() => new RuleRegistry([cseqRule, { ...byeRule, id: 'T-CSEQ' }])).toThrow(DuplicateRuleError);
  });
});

describe('RulesEngine and a rule that throws', () => {
  it('reports the failure as an info finding on that message and runs the other rules', () => {
    const base = { title: 't', rfc: [{ rfc: 3261, section: '7' }], scope: 'message' as const, triggers: 't', example: 'e' };
    const thrower: Rule = { ...base, id: 'TEST-THROWS', severity: 'error', checkMessage: () => { throw new Error('boom'); } };
    const finder: Rule = { ...base, id: 'TEST-FINDS', severity: 'warning', checkMessage: (_m, report) => report({ summary: 'found' }) };
    const engine = new RulesEngine([thrower, finder]);
    const msg = sipMessageFromBytes(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n\r\n'));
    const v = engine.checkMessage(msg);
    expect(v.map((x) => [x.rule, x.severity])).toEqual([['TEST-THROWS', 'info'], ['TEST-FINDS', 'warning']]);
    expect(v[0].summary).toContain('boom');
    expect(engine.ruleFailures).toBe(1);
  });
});
