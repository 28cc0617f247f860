/**
 * Runs the ingest on one capture and prints one JSON line: bytes, messages, seconds, peak RSS.
 * Run in its own process by the benchmark so that peak RSS is this file's alone.
 */
import { statSync } from 'node:fs';
import { ingestCapture } from '../server/session.js';

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: bench-ingest <capture>\n');
  process.exit(2);
}
let messages = 0;
let callIdBytes = 0;
const t0 = process.hrtime.bigint();
const { stats, error } = await ingestCapture(file, {
  message: (m) => {
    messages++;
    callIdBytes += m.callId?.length ?? 0;
  },
});
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
if (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
process.stdout.write(
  JSON.stringify({
    bytes: statSync(file).size,
    frames: stats.framesRead,
    messages,
    callIdBytes,
    seconds,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
