#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { runMessages, type MessagesFormat } from './messages-command.js';

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
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  return code;
}
