/**
 * Runs ingest + correlation on one capture and prints one JSON line: bytes, messages, calls,
 * seconds, peak RSS, and the heap bytes each finished call holds (all calls kept, as the CLI
 * does; measured after a full GC — run with --expose-gc).
 */
import { statSync } from 'node:fs';
import type { Call } from '../server/model/correlation.js';
import { analyzeCapture } from '../server/session.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: bench-correlate <capture>\n');
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const heapBefore = process.memoryUsage().heapUsed;
let messages = 0;
const calls = new Map<number, Call>();
const t0 = process.hrtime.bigint();
const r = await analyzeCapture(file, {
  message: () => {
    messages++;
  },
  call: (c) => calls.set(c.id, c),
});
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
if (r.error) {
  process.stderr.write(`${r.error.message}\n`);
  process.exit(1);
}
gc?.();
const heapAfter = process.memoryUsage().heapUsed;
process.stdout.write(
  JSON.stringify({
    bytes: statSync(file).size,
    messages,
    calls: calls.size,
    seconds,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    bytesPerCall: gc ? Math.round((heapAfter - heapBefore) / Math.max(1, calls.size)) : null,
  }) + '\n',
);
