import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FIXTURES_DIR, parseTsv, runCli } from '../support/run-cli.js';
import { hasTshark, tsharkSipLines } from '../support/tshark.js';

const UDP = `${FIXTURES_DIR}sipp-udp-3-calls.pcap`;
const TCP = `${FIXTURES_DIR}sipp-tcp-3-calls.pcap`;

describe('sipscope messages', () => {
  it('prints the exact TSV header and one row per SIP message of a sipp capture', () => {
    const r = runCli(['messages', UDP]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('frame\ttime_epoch\tsrc\tdst\ttransport\tcall_id\tcseq\tmethod_or_status');
    const rows = parseTsv(r.stdout);
    expect(rows).toHaveLength(18);
    expect(rows.map((x) => x.method_or_status).slice(0, 6)).toEqual(['INVITE', '180', '200', 'ACK', 'BYE', '200']);
    expect(rows[0].transport).toBe('UDP');
    expect(rows[0].src).toBe('127.0.0.1:5070');
    expect(rows[0].dst).toBe('127.0.0.1:5071');
    expect(rows[0].cseq).toBe('1 INVITE');
    expect(rows[0].time_epoch).toMatch(/^\d{10}\.\d{9}$/);
    expect(r.stderr).toMatch(/18 SIP messages/);
  });

  it.skipIf(!hasTshark)('agrees with tshark on the sipp UDP and TCP captures, frame by frame', () => {
    for (const file of [UDP, TCP]) {
      const ours = parseTsv(runCli(['messages', file]).stdout).map((x) =>
        `${x.frame} ${x.time_epoch} ${x.src} ${x.dst} ${x.transport} ${x.call_id} ${x.cseq} ${x.method_or_status}`.replace(/ {2,}/g, ' '),
      );
      const theirs = tsharkSipLines(file);
      expect(ours, file).toEqual(theirs);
    }
  });

  it('reads the capture from standard input with -', () => {
    const r = runCli(['messages', '-'], readFileSync(TCP));
    expect(r.code).toBe(0);
    expect(parseTsv(r.stdout)).toHaveLength(18);
  });

  it('reads a gzip-compressed capture transparently, whatever its name', () => {
    const r = runCli(['messages', '-'], gzipSync(readFileSync(UDP)));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(runCli(['messages', UDP]).stdout);
  });

  it('adds a leading file column when given several captures', () => {
    const r = runCli(['messages', UDP, TCP]);
    const rows = parseTsv(r.stdout);
    expect(rows).toHaveLength(36);
    expect(rows[0].file).toBe(UDP);
    expect(rows[35].transport).toBe('TCP');
  });

  it('prints JSON with headers, issues and provenance frames', () => {
    const r = runCli(['messages', '--format', 'json', TCP]);
    expect(r.code).toBe(0);
    const msgs = JSON.parse(r.stdout) as Array<{ method_or_status: string; headers: { name: string }[]; frames: { file_offset: number }[] }>;
    expect(msgs).toHaveLength(18);
    expect(msgs[0].method_or_status).toBe('INVITE');
    expect(msgs[0].headers.some((h) => h.name === 'Call-ID')).toBe(true);
    expect(msgs[0].frames[0].file_offset).toBeGreaterThan(0);
  });

  it('keeps every message before a cut-short record, then names the offset and exits 1', () => {
    const whole = readFileSync(UDP);
    const cut = whole.subarray(0, whole.length - 100);
    const r = runCli(['messages', '-'], cut);
    expect(r.code).toBe(1);
    expect(parseTsv(r.stdout)).toHaveLength(17);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(/offset \d+/);
  });

  it('rejects a file that is not a capture with one clear line', () => {
    const r = runCli(['messages', '-'], Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a pcap/i);
    expect(r.stdout.trim()).toBe('frame\ttime_epoch\tsrc\tdst\ttransport\tcall_id\tcseq\tmethod_or_status');
  });

  it('reports an empty file and a missing file without a stack trace', () => {
    const empty = runCli(['messages', '-'], Buffer.alloc(0));
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/empty/i);
    const missing = runCli(['messages', '/nonexistent/x.pcap']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such file/i);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 on a usage error', () => {
    expect(runCli(['messages']).code).toBe(2);
    expect(runCli(['messages', '--format', 'xml', UDP]).code).toBe(2);
  });

  it('stops at a pcap record whose length runs past the end, keeping the frames before it', () => {
    const bytes = Buffer.from(readFileSync(UDP));
    // Frame 3's record header: 24-byte file header, then records of 16 + caplen bytes.
    let off = 24;
    for (let i = 0; i < 2; i++) off += 16 + bytes.readUInt32LE(off + 8);
    bytes.writeUInt32LE(0x7fffffff, off + 8);
    const r = runCli(['messages', '-'], bytes);
    expect(r.code).toBe(1);
    expect(parseTsv(r.stdout).map((x) => x.frame)).toEqual(['1', '2']);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`frame 3 .*offset ${off}|offset ${off}.*frame 3`));
  });

  it('stops at a pcapng block whose trailing length differs from its leading length', () => {
    const bytes = Buffer.from(readFileSync(`${FIXTURES_DIR}two-interfaces-ns.pcapng`));
    // Walk the blocks to the 4th packet block (EPB, type 6) and corrupt its trailing length.
    let off = 0;
    let epbs = 0;
    while (off < bytes.length) {
      const type = bytes.readUInt32LE(off);
      const len = bytes.readUInt32LE(off + 4);
      if (type === 6 && ++epbs === 4) {
        bytes.writeUInt32LE(len + 4, off + len - 4);
        break;
      }
      off += len;
    }
    const r = runCli(['messages', '-'], bytes);
    expect(r.code).toBe(1);
    expect(parseTsv(r.stdout)).toHaveLength(3);
    expect(r.stderr).toMatch(/block/i);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(/offset \d+/);
  });
});
