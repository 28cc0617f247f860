/**
 * `npm run bench`: ingest throughput on generated captures, with tshark on the same files in
 * the same run. Prints MB/s, SIP messages/s and peak RSS for the ingest alone (in a process
 * of its own), the wall time of `sipscope messages` end to end, and tshark's wall time for
 * `tshark -r FILE -Y sip -T fields -e sip.Call-ID` with the ratio; then what correlation adds
 * (calls/s, heap per finished call) and what the message rules add on top of it.
 *
 *   SIPSCOPE_BENCH_CALLS=20000 (default) sets the size; the UDP capture is also made 4× as
 *   large to show that peak memory does not grow with the capture (streaming).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { writeTcpBenchCapture, writeUdpBenchCapture } from './lib/bench-captures.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = `${ROOT}bench-out/`;
const CALLS = Number(process.env.SIPSCOPE_BENCH_CALLS ?? 20000);
/** Bump when the generators change, so stale captures are remade. */
const GEN_VERSION = 1;

interface CorrelateRun {
  messages: number;
  calls: number;
  seconds: number;
  maxRssMB: number;
  bytesPerCall: number | null;
}

interface IngestRun {
  bytes: number;
  frames: number;
  messages: number;
  seconds: number;
  maxRssMB: number;
}

function ensure(name: string, make: (path: string) => number): string {
  const path = `${OUT}${name}`;
  if (!existsSync(path)) {
    const t = Date.now();
    const frames = make(path);
    process.stdout.write(`generated ${name}: ${frames} frames, ${(statSync(path).size / 1e6).toFixed(1)} MB in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  }
  return path;
}

function ingest(file: string): IngestRun {
  const r = spawnSync(process.execPath, [`${ROOT}build/scripts/bench-ingest.js`, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench-ingest failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as IngestRun;
}

function correlate(file: string): CorrelateRun {
  const r = spawnSync(process.execPath, ['--expose-gc', `${ROOT}build/scripts/bench-correlate.js`, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench-correlate failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as CorrelateRun;
}

interface RulesRun {
  without: number;
  withRules: number;
  violations: number;
  rules: number;
}

function rulesCost(file: string): RulesRun {
  const r = spawnSync(process.execPath, [`${ROOT}build/scripts/bench-rules.js`, file, '3'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench-rules failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as RulesRun;
}

/** Wall time of a command whose stdout is drained and counted (lines), like a user's pipe. */
function timed(cmd: string, args: string[]): Promise<{ seconds: number; lines: number; code: number }> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let lines = 0;
    p.stdout.on('data', (b: Buffer) => {
      for (let i = b.indexOf(10); i !== -1; i = b.indexOf(10, i + 1)) lines++;
    });
    p.on('error', reject);
    p.on('close', (code) => resolve({ seconds: Number(process.hrtime.bigint() - t0) / 1e9, lines, code: code ?? -1 }));
  });
}

const hasTshark = spawnSync('tshark', ['-v']).status === 0;

/** A percentage with its sign, e.g. +13 or -2. */
function signed(pct: number): string {
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(0)}`;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const files = [
    { label: `UDP, ${CALLS} calls`, path: ensure(`udp-${CALLS}-calls-v${GEN_VERSION}.pcap`, (p) => writeUdpBenchCapture(p, CALLS)), tshark: true },
    { label: `TCP, ${CALLS} calls`, path: ensure(`tcp-${CALLS}-calls-v${GEN_VERSION}.pcap`, (p) => writeTcpBenchCapture(p, CALLS)), tshark: true },
    { label: `UDP, ${CALLS * 4} calls`, path: ensure(`udp-${CALLS * 4}-calls-v${GEN_VERSION}.pcap`, (p) => writeUdpBenchCapture(p, CALLS * 4)), tshark: false },
  ];
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const tv = hasTshark ? (spawnSync('tshark', ['-v'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? '') : 'tshark not installed';
  process.stdout.write(`\nmachine: ${cpu}, ${cpus().length} cores, Node ${process.version}; ${tv}\n\n`);
  const rows: string[] = [];
  const ruleRows: string[] = [
    '| capture | ingest + correlation | + message rules | rules add | rules | violations |',
    '|---|---|---|---|---|---|',
  ];
  const corrRows: string[] = [
    '| capture | ingest alone | ingest + correlation | correlation adds | calls | calls/s | heap per finished call | peak RSS |',
    '|---|---|---|---|---|---|---|---|',
  ];
  rows.push('| capture | size | SIP msgs | ingest MB/s | ingest msgs/s | peak RSS | `sipscope messages` wall | tshark wall | tshark ÷ sipscope |');
  rows.push('|---|---|---|---|---|---|---|---|---|');
  for (const f of files) {
    // Best of five runs of the ingest alone, each in a fresh process: this machine is a shared
    // VM whose speed varies by ±40% from one second to the next (a pure CPU loop shows it too),
    // and the best run is the one least disturbed. Peak RSS is the largest of the five.
    const runs = Array.from({ length: 5 }, () => ingest(f.path));
    const best = runs.reduce((x, y) => (y.seconds < x.seconds ? y : x));
    const peak = Math.max(...runs.map((r) => r.maxRssMB));
    // End to end, as a user runs it (best of two), against tshark in the same run.
    const c1 = await timed(process.execPath, [`${ROOT}bin/sipscope.js`, 'messages', '-q', f.path]);
    const c2 = await timed(process.execPath, [`${ROOT}bin/sipscope.js`, 'messages', '-q', f.path]);
    const cli = c1.seconds <= c2.seconds ? c1 : c2;
    let tshark = '—';
    let ratio = '—';
    if (hasTshark && f.tshark) {
      const t = await timed('tshark', ['-r', f.path, '-Y', 'sip', '-T', 'fields', '-e', 'sip.Call-ID']);
      tshark = `${t.seconds.toFixed(2)} s (${t.lines} rows)`;
      ratio = `${(t.seconds / cli.seconds).toFixed(1)}×`;
    }
    rows.push(
      `| ${f.label} | ${(best.bytes / 1e6).toFixed(1)} MB | ${best.messages} | ${(best.bytes / 1e6 / best.seconds).toFixed(0)} | ` +
        `${Math.round(best.messages / best.seconds).toLocaleString('en-US')} | ${peak.toFixed(0)} MB | ${cli.seconds.toFixed(2)} s (${cli.lines - 1} rows) | ${tshark} | ${ratio} |`,
    );
    process.stdout.write(rows[rows.length - 1] + '\n');

    // Correlation (issue #3): the same capture through ingest + correlator, best of five.
    const cruns = Array.from({ length: 5 }, () => correlate(f.path));
    const cbest = cruns.reduce((x, y) => (y.seconds < x.seconds ? y : x));
    const added = (cbest.seconds / best.seconds - 1) * 100;
    corrRows.push(
      `| ${f.label} | ${best.seconds.toFixed(3)} s | ${cbest.seconds.toFixed(3)} s | ${signed(added)} % | ${cbest.calls} | ` +
        `${Math.round(cbest.calls / cbest.seconds).toLocaleString('en-US')} | ${cbest.bytesPerCall === null ? '—' : `${cbest.bytesPerCall.toLocaleString('en-US')} B`} | ` +
        `${Math.max(...cruns.map((r) => r.maxRssMB)).toFixed(0)} MB |`,
    );
    process.stdout.write(corrRows[corrRows.length - 1] + '\n');

    // Rules (issue #4): the same analysis with every message rule run on every message.
    const rr = rulesCost(f.path);
    ruleRows.push(
      `| ${f.label} | ${rr.without.toFixed(3)} s | ${rr.withRules.toFixed(3)} s | ${signed((rr.withRules / rr.without - 1) * 100)} % | ${rr.rules} | ${rr.violations} |`,
    );
    process.stdout.write(ruleRows[ruleRows.length - 1] + '\n');
  }
  process.stdout.write(`\n${rows.join('\n')}\n\n${corrRows.join('\n')}\n\n${ruleRows.join('\n')}\n`);
}

await main();
