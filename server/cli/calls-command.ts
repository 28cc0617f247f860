import { basename } from 'node:path';
import type { Call, CallKind } from '../model/correlation.js';
import { analyzeCapture } from '../session.js';
import { formatIngestSummary } from './ingest-summary.js';
import { CALL_COLUMNS, callCells, callJson, callMatches, csvCell, printable } from './call-row.js';
import { TextOutput } from './text-output.js';

export type CallsFormat = 'table' | 'json' | 'csv';

export interface CallsOptions {
  format: CallsFormat;
  filter?: string;
  /** Only these kinds (e.g. ['call'] leaves out REGISTER, OPTIONS, …). */
  kinds?: CallKind[];
  /** Header names that carry another leg's Call-ID (X-CID style). */
  linkHeaders?: string[];
  quiet?: boolean;
}

/**
 * `sipscope calls <capture...>`: the call list. Calls stream out of the correlator as they
 * change; the last version of each is printed once the captures are read, in order of start.
 * Returns the exit code: 0, or 1 when a capture could not be read to its end.
 */
export async function runCalls(captures: string[], opts: CallsOptions): Promise<number> {
  const calls = new Map<string, Call>();
  let exitCode = 0;
  for (const [fileIndex, capture] of captures.entries()) {
    const name = capture === '-' ? 'stdin' : basename(capture);
    try {
      const r = await analyzeCapture(capture, { call: (c) => calls.set(`${fileIndex}:${c.id}`, c) }, { correlate: { linkHeaders: opts.linkHeaders } });
      if (!opts.quiet) process.stderr.write(formatIngestSummary(name, r.stats) + `  calls: ${r.correlation.calls}, linked legs: ${r.correlation.links}\n`);
      if (r.error) {
        process.stderr.write(`sipscope: ${name}: ${r.error.message}\n`);
        exitCode = 1;
      }
    } catch (e) {
      process.stderr.write(`sipscope: ${name}: ${(e as Error).message}\n`);
      exitCode = 1;
    }
  }
  let list = [...calls.values()];
  if (opts.kinds && opts.kinds.length > 0) list = list.filter((c) => opts.kinds?.includes(c.kind));
  if (opts.filter) list = list.filter((c) => callMatches(c, opts.filter ?? ''));
  const out = new TextOutput();
  if (opts.format === 'json') {
    out.write(JSON.stringify({ calls: list.map(callJson) }, null, 2) + '\n');
  } else if (opts.format === 'csv') {
    out.write(CALL_COLUMNS.join(',') + '\r\n');
    for (const c of list) out.write(callCells(c).map(csvCell).join(',') + '\r\n');
  } else {
    out.write(table(list));
  }
  out.flush();
  return exitCode;
}

const MAX_CELL = 40;

/** An aligned text table, like sngrep's call list; long cells are cut with an ellipsis. */
function table(calls: Call[]): string {
  const header = ['#', 'start (UTC)', 'from', 'to', 'kind', 'state', 'PDD s', 'dur s', 'msgs', 'legs'];
  const rows = calls.map((c) => {
    const cells = callCells(c).slice(0, 10).map((x) => printable(x));
    return cells.map((x) => (x.length > MAX_CELL ? x.slice(0, MAX_CELL - 1) + '…' : x));
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => cells.map((x, i) => x.padEnd(widths[i])).join('  ').trimEnd() + '\n';
  return line(header) + rows.map(line).join('');
}
