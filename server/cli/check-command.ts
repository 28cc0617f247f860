import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { MessageLabels } from '../correlate/correlator.js';
import type { SipMessage } from '../model/sip-message.js';
import type { Severity, Violation } from '../model/violation.js';
import type { RuleRegistry } from '../rules/rule-registry.js';
import {
  DEFAULT_RULES_CONFIG,
  mergeRulesConfigs,
  parseRuleIdList,
  parseRulesConfigJson,
  RulesConfigError,
  validateRulesConfig,
  type RulesConfig,
} from '../rules/rules-config.js';
import { RulesEngine } from '../rules/rules-engine.js';
import { analyzeCapture } from '../session.js';
import { formatCheckJson } from './check-json.js';
import { formatCheckJunit } from './check-junit.js';
import { readSipMessageInput } from './check-message-input.js';
import { countBySeverity, NO_CALL_ID, type CheckedCapture, type CheckReport, type FoundViolation } from './check-report.js';
import { formatCheckSarif } from './check-sarif.js';
import { formatCheckText } from './check-text.js';
import { checkToolVersion } from './check-tool-version.js';
import { formatIngestSummary } from './ingest-summary.js';
import { TextOutput } from './text-output.js';

export type CheckFormat = 'text' | 'json' | 'junit' | 'sarif';
export type FailOn = Severity | 'never';

export const CHECK_FORMATS: readonly CheckFormat[] = ['text', 'json', 'junit', 'sarif'];
export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'never'];

export interface CheckOptions {
  format: CheckFormat;
  /** Exit 1 when a violation at or above this severity is found (default error). */
  failOn?: FailOn;
  /** Comma-separated rule ids. */
  enable?: string;
  disable?: string;
  /** JSON rules config file. */
  config?: string;
  /** Check one raw SIP message from this file (`-` for stdin) instead of captures. */
  message?: string;
  quiet?: boolean;
  /** Where output goes (tests); process.stdout / process.stderr by default. */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Does a violation of severity `s` fail the run under `--fail-on`? */
export function failsOn(s: Severity, failOn: FailOn): boolean {
  return failOn !== 'never' && RANK[s] >= RANK[failOn];
}

/** The capture record of the frame a message completes in: the SARIF region of its violations. */
function recordOf(msg: SipMessage): FoundViolation['record'] {
  const frames = msg.origin.frames;
  for (let i = frames.length - 1; i >= 0; i--) {
    if (frames[i].frame === msg.origin.frame) return { offset: frames[i].fileOffset, length: frames[i].recordLength };
  }
  return undefined;
}

async function loadConfig(opts: CheckOptions, registry: RuleRegistry): Promise<RulesConfig> {
  let file = DEFAULT_RULES_CONFIG;
  if (opts.config !== undefined) {
    let text: string;
    try {
      text = await readFile(opts.config, 'utf8');
    } catch (e) {
      throw new RulesConfigError(`${opts.config}: ${(e as Error).message}`);
    }
    file = parseRulesConfigJson(text, opts.config);
  }
  const flags: RulesConfig = {
    enable: opts.enable === undefined ? [] : parseRuleIdList(opts.enable),
    disable: opts.disable === undefined ? [] : parseRuleIdList(opts.disable),
    severity: {},
  };
  const config = mergeRulesConfigs(file, flags);
  validateRulesConfig(config, registry);
  return config;
}

/**
 * `sipscope check <capture...>` and `sipscope check --message FILE`: runs the rules over every
 * message (with the correlator's labels, so each violation names its call, dialog and
 * transaction) and prints the violations. Returns the exit code: 2 for bad usage (unknown rule
 * id, bad config) or input that cannot be read to its end, else 1 when a violation at or above
 * `--fail-on` was found, else 0.
 */
export async function runCheck(captures: string[], opts: CheckOptions, registry: RuleRegistry): Promise<number> {
  const stderr = opts.stderr ?? process.stderr;
  const say = (line: string): void => void stderr.write(line.endsWith('\n') ? line : line + '\n');
  if (opts.message !== undefined && captures.length > 0) {
    say('sipscope check: give either captures or --message FILE, not both');
    return 2;
  }
  if (opts.message === undefined && captures.length === 0) {
    say('sipscope check: no capture given (or use --message FILE)');
    return 2;
  }
  let config: RulesConfig;
  try {
    config = await loadConfig(opts, registry);
  } catch (e) {
    if (!(e instanceof RulesConfigError)) throw e;
    say(`sipscope check: ${e.message}`);
    return 2;
  }
  const engine = new RulesEngine(registry.rules, config);
  const checked: CheckedCapture[] = [];
  let unreadable = false;

  if (opts.message !== undefined) {
    const path = opts.message;
    const name = path === '-' ? 'stdin' : basename(path);
    let msg: SipMessage;
    try {
      msg = await readSipMessageInput(path);
    } catch (e) {
      say(`sipscope: ${name}: ${(e as Error).message}`);
      return 2;
    }
    const record = { offset: 0, length: msg.raw.length };
    const found = engine.checkMessage(msg).map((violation) => ({ violation, record }));
    checked.push({ path, name, found, callIds: [msg.callId ?? NO_CALL_ID] });
  } else {
    for (const path of captures) {
      const name = path === '-' ? 'stdin' : basename(path);
      const found: FoundViolation[] = [];
      const callIds = new Set<string>();
      const onLabels = (msg: SipMessage, labels: MessageLabels): void => {
        callIds.add(msg.callId ?? NO_CALL_ID);
        const vs: readonly Violation[] = engine.checkMessage(msg, labels);
        if (vs.length === 0) return;
        const record = recordOf(msg);
        for (const violation of vs) found.push({ violation, record });
      };
      try {
        const r = await analyzeCapture(path, { labels: onLabels });
        if (!opts.quiet) say(formatIngestSummary(name, r.stats));
        if (r.error) {
          say(`sipscope: ${name}: ${r.error.message}`);
          unreadable = true;
        }
      } catch (e) {
        say(`sipscope: ${name}: ${(e as Error).message}`);
        unreadable = true;
      }
      checked.push({ path, name, found, callIds: [...callIds] });
    }
  }

  const report: CheckReport = { captures: checked, rules: engine.active };
  const out = new TextOutput(opts.stdout);
  if (opts.format === 'json') out.write(formatCheckJson(report));
  else if (opts.format === 'junit') out.write(formatCheckJunit(report));
  else if (opts.format === 'sarif') out.write(formatCheckSarif(report, checkToolVersion()));
  else out.write(formatCheckText(report));
  out.flush();

  const counts = countBySeverity(report);
  if (!opts.quiet) say(`sipscope check: ${counts.error} error, ${counts.warning} warning, ${counts.info} info (${engine.active.length} rules)`);
  if (unreadable) return 2;
  const failOn = opts.failOn ?? 'error';
  const failed = (['error', 'warning', 'info'] as const).some((s) => counts[s] > 0 && failsOn(s, failOn));
  return failed ? 1 : 0;
}
