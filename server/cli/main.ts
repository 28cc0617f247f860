#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { runCalls, type CallsFormat } from './calls-command.js';
import { runMessages, type MessagesFormat } from './messages-command.js';
import { CHECK_FORMATS, FAIL_ON, runCheck, type CheckFormat, type FailOn } from './check-command.js';
import { RULES } from '../rules/registry.js';
import type { CallKind } from '../model/correlation.js';

const CALL_KINDS: readonly CallKind[] = ['call', 'register', 'options', 'message', 'subscribe', 'publish', 'notify', 'refer', 'info', 'other'];

/** The `sipscope` command line: thin — parse flags, call a command, set the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('sipscope')
    .description('SIP packet-capture analyzer and call-flow visualizer')
    .exitOverride()
    .showHelpAfterError();
  let code = 0;
  program
    .command('messages')
    .description('list every SIP message of the captures (pcap, pcapng, gzip; - for stdin), one line each')
    .argument('<capture...>', 'capture files, or - for standard input')
    .addOption(new Option('--format <format>', 'output format').choices(['tsv', 'json']).default('tsv'))
    .option('-v, --verbose', 'print each diagnostic (TCP gap, incomplete IP datagram, …) on stderr')
    .option('-q, --quiet', 'no summary on stderr')
    .action(async (captures: string[], o: { format: MessagesFormat; verbose?: boolean; quiet?: boolean }) => {
      code = await runMessages(captures, o);
    });
  program
    .command('calls')
    .description('list the calls (and other SIP exchanges) of the captures: state, metrics, linked legs')
    .argument('<capture...>', 'capture files, or - for standard input')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--filter <text>', 'only calls whose From, To, Call-ID, IP, kind or state contains the text')
    .option('--kind <kinds>', 'only these kinds, comma-separated (call, register, options, message, subscribe, publish, notify, refer, info, other)')
    .option('--link-header <names>', 'headers that name another leg\'s Call-ID, comma-separated (default X-CID-style headers)')
    .option('-q, --quiet', 'no summary on stderr')
    .action(async (captures: string[], o: { format: CallsFormat; filter?: string; kind?: string; linkHeader?: string; quiet?: boolean }) => {
      const kinds = o.kind?.split(',').map((k) => k.trim());
      const unknown = kinds?.filter((k) => !CALL_KINDS.includes(k as CallKind));
      if (unknown && unknown.length > 0) program.error(`sipscope calls: unknown kind ${unknown.join(', ')} (one of ${CALL_KINDS.join(', ')})`);
      code = await runCalls(captures, {
        format: o.format,
        filter: o.filter,
        kinds: kinds as CallKind[] | undefined,
        linkHeaders: o.linkHeader ? o.linkHeader.split(',').map((h) => h.trim()) : undefined,
        quiet: o.quiet,
      });
    });
  program
    .command('check')
    .description('check the captures (or one raw SIP message) against the RFC rules; exit 1 on violations (see docs/rules.md)')
    .argument('[capture...]', 'capture files, or - for standard input')
    .addOption(new Option('--format <format>', 'output format').choices(CHECK_FORMATS).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a violation at or above this severity is found').choices(FAIL_ON).default('error'))
    .option('--enable <ids>', 'rule ids to enable, comma-separated (beats --disable and the config file; all = every rule)')
    .option('--disable <ids>', 'rule ids to disable, comma-separated (all = every rule)')
    .option('--config <file>', 'JSON rules config: { "disable": [..], "enable": [..], "severity": { "ID": "warning" } }')
    .option('--message <file>', 'check one raw SIP message from this file (- for standard input) instead of captures')
    .option('-q, --quiet', 'no summary on stderr')
    .action(
      async (
        captures: string[],
        o: { format: CheckFormat; failOn: FailOn; enable?: string; disable?: string; config?: string; message?: string; quiet?: boolean },
      ) => {
        code = await runCheck(captures, o, RULES);
      },
    );
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  return code;
}
