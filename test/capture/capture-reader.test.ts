import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { RawFrame } from '../../server/model/frame.js';
import { CaptureError } from '../../server/capture/capture-error.js';
import { CaptureReader, type CaptureReaderOptions } from '../../server/capture/capture-reader.js';
import { encodePcap } from '../../server/capture/pcap-writer.js';
import { encodePcapng } from '../../server/capture/pcapng-writer.js';
import { frameKey, payload } from './capture-test-bytes.js';

const FRAMES = Array.from({ length: 500 }, (_, i) => ({
  tsSec: 1_700_000_000 + i,
  tsNsec: (i * 7_919_113) % 1_000_000_000,
  data: payload(40 + (i % 200), i),
}));
const PCAPNG = encodePcapng(FRAMES, { interfaces: [{ linkType: 1, tsresol: 9 }] });
const PCAP = encodePcap(FRAMES, { linkType: 1, nanosecond: true });

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sipscope-capture-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

interface ReadResult {
  keys: string[];
  batches: number;
  error: CaptureError | undefined;
  reader: CaptureReader;
}

async function readAll(input: string | NodeJS.ReadableStream, opts: CaptureReaderOptions = {}): Promise<ReadResult> {
  const reader = CaptureReader.open(input, opts);
  const keys: string[] = [];
  let batches = 0;
  let error: CaptureError | undefined;
  try {
    for await (const batch of reader.batches()) {
      batches++;
      for (const f of batch) keys.push(frameKey(f));
    }
  } catch (e) {
    if (!(e instanceof CaptureError)) throw e;
    error = e;
  }
  return { keys, batches, error, reader };
}

const expected = (bytes: Buffer): Promise<ReadResult> => readAll(Readable.from([bytes]));

describe('CaptureReader', () => {
  it('reads a file in one batch per chunk and reports its size and progress', async () => {
    const path = file('a.pcapng', PCAPNG);
    const r = await readAll(path, { chunkSize: 8192 });
    expect(r.error).toBeUndefined();
    expect(r.keys).toHaveLength(500);
    expect(r.batches).toBeGreaterThanOrEqual(Math.floor(PCAPNG.length / 8192));
    expect(r.reader.totalBytes).toBe(PCAPNG.length);
    expect(r.reader.bytesRead).toBe(PCAPNG.length);
    expect(r.reader.info).toMatchObject({ format: 'pcapng', gzip: false, linkTypes: [1], tsResolutionNs: 1 });
    expect(r.keys).toEqual((await readAll(path, { chunkSize: 1 << 20 })).keys);
  });

  it('detects the format from the magic, not the name (a .pcap that is pcapng)', async () => {
    const r = await readAll(file('misnamed.pcap', PCAPNG));
    expect(r.reader.info?.format).toBe('pcapng');
    expect(r.keys).toHaveLength(500);
  });

  it.each([
    ['pcap', PCAP],
    ['pcapng', PCAPNG],
  ])('reads a gzip-compressed %s exactly like the plain file', async (name, bytes) => {
    const gz = gzipSync(bytes);
    const plain = await readAll(file(`p.${name}`, bytes));
    for (const chunkSize of [4096, 1 << 20]) {
      const r = await readAll(file(`c.${name}.gz`, gz), { chunkSize });
      expect(r.error).toBeUndefined();
      expect(r.keys).toEqual(plain.keys);
      expect(r.reader.info?.gzip).toBe(true);
      expect(r.reader.bytesRead).toBe(gz.length);
    }
  });

  it('reads concatenated gzip members as one stream', async () => {
    const half = 24 + FRAMES.slice(0, 10).reduce((n, f) => n + 16 + f.data.length, 0);
    const gz = Buffer.concat([gzipSync(PCAP.subarray(0, half + 5)), gzipSync(PCAP.subarray(half + 5))]);
    const r = await readAll(file('multi.pcap.gz', gz));
    expect(r.keys).toEqual((await expected(PCAP)).keys);
  });

  it('reports corrupt compressed data as gzip-error after the frames decoded before it', async () => {
    const gz = gzipSync(PCAP);
    const cut = await readAll(file('cut.gz', gz.subarray(0, Math.floor(gz.length * 0.7))), { chunkSize: 4096 });
    expect(cut.error?.code).toBe('gzip-error');
    expect(cut.keys.length).toBeGreaterThan(100);
    expect(cut.keys).toEqual((await expected(PCAP)).keys.slice(0, cut.keys.length));
    const flipped = Buffer.from(gz);
    for (let i = 100; i < 140; i++) flipped[i] ^= 0x5a;
    const bad = await readAll(file('flipped.gz', flipped), { chunkSize: 4096 });
    expect(bad.error?.code).toBe('gzip-error');
  });

  it('reads from a stream delivering odd-sized chunks', async () => {
    const pieces: Buffer[] = [];
    for (let i = 0, n = 1; i < PCAPNG.length; i += n, n = (n * 7 + 3) % 977) pieces.push(PCAPNG.subarray(i, i + n));
    const r = await readAll(Readable.from(pieces));
    expect(r.error).toBeUndefined();
    expect(r.keys).toEqual((await readAll(file('s.pcapng', PCAPNG))).keys);
    expect(r.reader.totalBytes).toBeUndefined();
  });

  it('detects gzip even when the first chunk holds a single byte', async () => {
    const gz = gzipSync(PCAP);
    const r = await readAll(Readable.from([gz.subarray(0, 1), gz.subarray(1)]));
    expect(r.reader.info?.gzip).toBe(true);
    expect(r.keys).toHaveLength(500);
  });

  it("reads standard input when given '-'", () => {
    const path = file('stdin.pcap.gz', gzipSync(PCAP));
    const reader = resolve(__dirname, '../../server/capture/capture-reader.ts');
    const script =
      `import { CaptureReader } from ${JSON.stringify(reader)};\n` +
      `let n = 0; const r = CaptureReader.open('-');\n` +
      `for await (const f of r.frames()) n++;\n` +
      `console.log(JSON.stringify({ n, gzip: r.info?.gzip, total: r.totalBytes ?? null }));\n`;
    const scriptPath = join(dir, 'stdin-reader.mts');
    writeFileSync(scriptPath, script);
    const tsx = resolve(__dirname, '../../node_modules/.bin/tsx');
    const out = execFileSync('sh', ['-c', `${JSON.stringify(tsx)} ${JSON.stringify(scriptPath)} < ${JSON.stringify(path)}`], {
      encoding: 'utf8',
    });
    expect(JSON.parse(out.trim())).toEqual({ n: 500, gzip: true, total: null });
  });

  it('yields every frame before a cut record, then throws truncated-record', async () => {
    const r = await readAll(file('cut.pcap', PCAP.subarray(0, PCAP.length - 3)), { chunkSize: 4096 });
    expect(r.keys).toHaveLength(499);
    expect(r.error?.code).toBe('truncated-record');
    expect(r.error?.frame).toBe(500);
  });

  it('throws empty-file and bad-magic for what is not a capture', async () => {
    expect((await readAll(file('empty', Buffer.alloc(0)))).error?.code).toBe('empty-file');
    const r = await readAll(file('text.pcap', Buffer.from('INVITE sip:bob@example.com SIP/2.0\r\n')));
    expect(r.error?.code).toBe('bad-magic');
    expect(r.error?.message).toContain('49 4e 56 49');
  });

  it('reports a missing file as io-error', async () => {
    const r = await readAll(join(dir, 'no-such-file.pcap'));
    expect(r.error?.code).toBe('io-error');
    expect(r.error?.message).toContain('no-such-file.pcap');
  });

  it('can stop early without error and frames() yields the same frames as batches()', async () => {
    const path = file('f.pcap', PCAP);
    const seen: RawFrame[] = [];
    for await (const f of CaptureReader.open(path, { chunkSize: 4096 }).frames()) {
      seen.push(f);
      if (seen.length === 3) break;
    }
    expect(seen.map(frameKey)).toEqual((await readAll(path)).keys.slice(0, 3));
  });
});
