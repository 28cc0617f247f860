import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCheck, type CheckOptions } from '../../server/cli/check-command.js';
import type { Rule } from '../../server/rules/rule.js';
import { RuleRegistry } from '../../server/rules/rule-registry.js';
import { RFC4475_DIR } from '../support/shared-corpus.js';
import { FIXTURES_DIR, runCli } from '../support/run-cli.js';

const UDP = `${FIXTURES_DIR}sipp/basic-call-udp.pcap`;

/** Test rule: every BYE is a warning-level "violation" (so a clean sipp call triggers it). */
const byeRule: Rule = {
  id: 'T-BYE',
  title: 'BYE seen',
  severity: 'warning',
  rfc: [{ rfc: 3261, section: '15.1.1' }],
  scope: 'message',
  triggers: 'a BYE',
  example: 'BYE sip:a@b SIP/2.0',
  checkMessage(msg, report): void {
    if (msg.startLine?.kind === 'request' && msg.startLine.method === 'BYE') report({ summary: 'BYE <"&\u0001> seen', span: { start: 0, end: 3 } });
  },
};

/** Test rule: CSeq method must equal the request method (an error). */
const cseqRule: Rule = {
  id: 'T-CSEQ',
  title: 'CSeq method matches',
  severity: 'error',
  rfc: [{ rfc: 3261, section: '8.1.1.5' }],
  scope: 'message',
  triggers: 'CSeq method differs',
  example: 'INVITE … CSeq: 1 BYE',
  checkMessage(msg, report): void {
    const sl = msg.startLine;
    if (sl?.kind === 'request' && msg.cseq !== undefined && msg.cseq.method !== sl.method) {
      report({ summary: `CSeq method ${msg.cseq.method} differs from request method ${sl.method}` });
    }
  },
};

const registry = new RuleRegistry([byeRule, cseqRule]);

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

async function check(captures: string[], opts: Partial<CheckOptions>): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Collect();
  const stderr = new Collect();
  const code = await runCheck(captures, { format: 'text', quiet: true, ...opts, stdout, stderr }, registry);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const tmp = mkdtempSync(join(tmpdir(), 'sipscope-check-'));
function tmpFile(name: string, content: string | Buffer): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

const BAD_CSEQ = [
  'INVITE sip:bob@example.com SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds',
  'Max-Forwards: 70',
  'To: <sip:bob@example.com>',
  'From: <sip:alice@example.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710',
  'CSeq: 314159 BYE',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

interface JsonViolation {
  rule: string;
  severity: string;
  rfc: string[];
  summary: string;
  frames: number[];
  callId: string | null;
  messages: number[];
  call: number | null;
  span: { message: number; start: number; end: number } | null;
}

describe('runCheck (sipscope check) with test rules', () => {
  it('exits 1 when a violation at or above --fail-on is found, 0 otherwise', async () => {
    expect((await check([UDP], {})).code).toBe(0); // warnings only, default --fail-on error
    expect((await check([UDP], { failOn: 'warning' })).code).toBe(1);
    expect((await check([UDP], { failOn: 'never' })).code).toBe(0);
    expect((await check([UDP], { failOn: 'error', config: tmpFile('sev.json', '{ "severity": { "T-BYE": "error" } }') })).code).toBe(1);
    expect((await check([UDP], { failOn: 'warning', disable: 'T-BYE' })).code).toBe(0);
  });

  it('exits 2 on bad usage or unreadable input, naming the problem', async () => {
    const unknown = await check([UDP], { enable: 'T-BYE,NOPE' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown rule id NOPE/);
    const badSev = await check([UDP], { config: tmpFile('bad.json', '{ "severity": { "T-BYE": "loud" } }') });
    expect(badSev.code).toBe(2);
    expect(badSev.stderr).toMatch(/bad severity "loud" for rule T-BYE/);
    expect((await check([UDP], { config: join(tmp, 'missing.json') })).code).toBe(2);
    expect((await check([join(tmp, 'no-such.pcap')], {})).code).toBe(2);
    expect((await check([tmpFile('junk.pcap', 'not a capture at all, just text')], {})).code).toBe(2);
    expect((await check([], {})).code).toBe(2);
    expect((await check([UDP], { message: tmpFile('m1.sip', BAD_CSEQ) })).code).toBe(2);
  });

  it('prints JSON with exactly the documented shape', async () => {
    const r = await check([UDP], { format: 'json' });
    const doc = JSON.parse(r.stdout) as { violations: JsonViolation[]; summary: Record<string, number> };
    expect(Object.keys(doc)).toEqual(['violations', 'summary']);
    expect(doc.summary).toEqual({ error: 0, warning: doc.violations.length, info: 0 });
    expect(doc.violations.length).toBeGreaterThan(0);
    for (const v of doc.violations) {
      expect(Object.keys(v)).toEqual(['rule', 'severity', 'rfc', 'summary', 'frames', 'callId', 'messages', 'call', 'span']);
      expect(v.rule).toBe('T-BYE');
      expect(v.rfc).toEqual(['RFC 3261 §15.1.1']);
      expect(v.frames[0]).toBeGreaterThan(0);
      expect(typeof v.callId).toBe('string');
      expect(typeof v.call).toBe('number');
      expect(v.span).toEqual({ message: v.messages[0], start: 0, end: 3 });
    }
  });

  it('prints text grouped by Call-ID with frame numbers and the RFC citation, control characters made printable', async () => {
    const r = await check([UDP], {});
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^basic-call-udp\.pcap: \d+ violations? in \d+ calls?$/);
    expect(lines[1]).toMatch(/^ {2}Call-ID \S+/);
    expect(lines[2]).toMatch(/^ {4}frame \d+\s+warning\s+T-BYE\s+BYE <"&\?> seen \[RFC 3261 §15\.1\.1\]$/);
    expect(r.stdout).not.toMatch(/\u0001/);
  });

  it('prints well-formed JUnit XML: a testsuite per capture, a testcase per call, an escaped failure per violation', async () => {
    const r = await check([UDP, UDP], { format: 'junit' });
    const xml = r.stdout;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    // Crude well-formedness: every element opened is closed, in order; no raw & or control bytes.
    const stack: string[] = [];
    for (const m of xml.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
      if (m[1] === '/') expect(stack.pop()).toBe(m[2]);
      else if (m[3] !== '/') stack.push(m[2]);
    }
    expect(stack).toEqual([]);
    expect(xml).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/);
    expect(xml).not.toMatch(/[\u0000-\u0008]/);
    expect(xml).toContain('message="T-BYE: BYE &lt;&quot;&amp;\uFFFD&gt; seen"');
    const cases = xml.match(/<testcase /g)?.length ?? 0;
    const failures = xml.match(/<failure /g)?.length ?? 0;
    expect(cases).toBeGreaterThan(0);
    expect(failures).toBeGreaterThan(0);
    expect(xml).toMatch(new RegExp(`<testsuites name="sipscope check" tests="${cases}"`));
  });

  it('prints SARIF 2.1.0 with rule metadata and results locating the capture file and frame record', async () => {
    const r = await check([UDP], { format: 'sarif', failOn: 'never' });
    interface Sarif {
      $schema: string;
      version: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string }; properties: { rfc: string[] } }[] } };
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          message: { text: string };
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { byteOffset: number; byteLength: number } }; logicalLocations: { name: string }[] }[];
        }[];
      }[];
    }
    const s = JSON.parse(r.stdout) as Sarif;
    expect(s.version).toBe('2.1.0');
    expect(s.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    const run = s.runs[0];
    expect(run.tool.driver.name).toBe('sipscope');
    expect(run.tool.driver.rules.map((x) => x.id)).toEqual(['T-BYE', 'T-CSEQ']);
    expect(run.tool.driver.rules[1].properties.rfc).toEqual(['RFC 3261 §8.1.1.5']);
    expect(run.results.length).toBeGreaterThan(0);
    for (const res of run.results) {
      expect(res.ruleId).toBe('T-BYE');
      expect(res.ruleIndex).toBe(0);
      expect(res.level).toBe('warning');
      const loc = res.locations[0];
      expect(loc.physicalLocation.artifactLocation.uri).toBe(encodeURI(UDP));
      // pcap: 24-byte file header, then records of 16-byte header + data.
      expect(loc.physicalLocation.region.byteOffset).toBeGreaterThanOrEqual(24);
      expect(loc.physicalLocation.region.byteLength).toBeGreaterThan(16);
      expect(loc.logicalLocations[0].name).toMatch(/^frame \d+$/);
    }
  });

  it('checks one raw message with --message, from a file or standard input', async () => {
    const file = tmpFile('bad-cseq.sip', BAD_CSEQ);
    const r = await check([], { message: file, format: 'json' });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { violations: JsonViolation[] };
    expect(doc.violations.map((v) => [v.rule, v.frames, v.callId, v.call])).toEqual([['T-CSEQ', [0], 'a84b4c76e66710', null]]);
    const good = await check([], { message: tmpFile('good.sip', BAD_CSEQ.replace('314159 BYE', '314159 INVITE')) });
    expect(good.code).toBe(0);
    expect(good.stdout).toBe('good.sip: no violations\n');
    expect((await check([], { message: join(tmp, 'absent.sip') })).code).toBe(2);
  });
});

describe('sipscope check (compiled CLI, shipped rules)', () => {
  it('exits 0 on clean sipp traffic and prints no violations', () => {
    const r = runCli(['check', UDP]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toBe('basic-call-udp.pcap: no violations\n');
    expect(r.stderr).toMatch(/sipscope check: 0 error, 0 warning/);
  });

  it('exits 2 on an unknown rule id, a bad --format, or a missing capture', () => {
    const r = runCli(['check', '--disable', 'CSEQ-METHOD,NOT-A-RULE', UDP]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown rule id NOT-A-RULE/);
    expect(runCli(['check', '--format', 'xml', UDP]).code).toBe(2);
    expect(runCli(['check', join(tmp, 'nothing-here.pcap')]).code).toBe(2);
  });

  it('reads one message from standard input with --message -', () => {
    const bad = runCli(['check', '--message', '-', '--format', 'json'], Buffer.from(BAD_CSEQ));
    expect(bad.code).toBe(1);
    const doc = JSON.parse(bad.stdout) as { violations: JsonViolation[] };
    expect(doc.violations.map((v) => v.rule)).toContain('CSEQ-METHOD');
    const good = runCli(['check', '--message', '-'], Buffer.from(BAD_CSEQ.replace('314159 BYE', '314159 INVITE')));
    expect(good.code, good.stdout).toBe(0);
  });
});

describe.skipIf(!existsSync(RFC4475_DIR))('sipscope check --message on RFC 4475 torture messages', () => {
  it('exits 1 for badinv01.dat (invalid) and 0 for wsinv.dat (valid)', () => {
    const bad = runCli(['check', '--message', `${RFC4475_DIR}badinv01.dat`]);
    expect(bad.code, bad.stdout).toBe(1);
    expect(bad.stdout).toMatch(/error/);
    const good = runCli(['check', '--message', `${RFC4475_DIR}wsinv.dat`]);
    expect(good.code, good.stdout).toBe(0);
  });
});
