import { basename } from 'node:path';
import { ingestCapture } from '../session.js';
import type { SipMessage } from '../model/sip-message.js';
import { formatIngestSummary } from './ingest-summary.js';
import { MESSAGE_COLUMNS, messageJson, messageTsvRow } from './message-row.js';
import { TextOutput } from './text-output.js';

export type MessagesFormat = 'tsv' | 'json';

export interface MessagesOptions {
  format: MessagesFormat;
  /** Print each diagnostic (TCP gap, incomplete datagram, …) on stderr as it happens. */
  verbose?: boolean;
  /** No summary on stderr. */
  quiet?: boolean;
}

/**
 * `sipscope messages <capture...>`: one line per SIP message in capture order (the order in
 * which messages complete). Returns the process exit code: 0, or 1 when a capture could not be
 * read to its end (everything before the problem is still printed).
 */
export async function runMessages(captures: string[], opts: MessagesOptions): Promise<number> {
  const out = new TextOutput();
  const multi = captures.length > 1;
  let exitCode = 0;
  let first = true;
  if (opts.format === 'tsv') out.write((multi ? 'file\t' : '') + MESSAGE_COLUMNS.join('\t') + '\n');
  else out.write('[');
  for (const capture of captures) {
    const prefix = multi ? `${capture.replace(/[\t\n]/g, ' ')}\t` : '';
    const onMessage =
      opts.format === 'tsv'
        ? (m: SipMessage) => out.write(prefix + messageTsvRow(m))
        : (m: SipMessage) => {
            const obj = multi ? { file: capture, ...messageJson(m) } : messageJson(m);
            out.write((first ? '\n' : ',\n') + JSON.stringify(obj));
            first = false;
          };
    const name = capture === '-' ? 'stdin' : basename(capture);
    let result;
    try {
      result = await ingestCapture(capture, {
        message: onMessage,
        diagnostic: opts.verbose ? (d) => process.stderr.write(`${name}: frame ${d.frame}: ${d.message}\n`) : undefined,
      });
    } catch (e) {
      out.flush();
      process.stderr.write(`sipscope: ${name}: ${(e as Error).message}\n`);
      exitCode = 1;
      continue;
    }
    out.flush();
    if (!opts.quiet) process.stderr.write(formatIngestSummary(name, result.stats));
    if (result.error) {
      process.stderr.write(`sipscope: ${name}: ${result.error.message}\n`);
      exitCode = 1;
    }
  }
  if (opts.format === 'json') out.write(first ? ']\n' : '\n]\n');
  out.flush();
  return exitCode;
}
