import type { MessageLabels } from '../correlate/correlator.js';
import type { SipMessage } from '../model/sip-message.js';
import type { Severity, Violation } from '../model/violation.js';
import type { Finding, Rule } from './rule.js';
import { DEFAULT_RULES_CONFIG, effectiveSeverity, isRuleEnabled, type RulesConfig } from './rules-config.js';

/** A rule that runs, with the severity the config gives it. */
export interface ActiveRule {
  readonly rule: Rule;
  readonly severity: Severity;
}

const NO_VIOLATIONS: readonly Violation[] = Object.freeze([]);

/**
 * Runs the enabled rules and turns their findings into violations with provenance (message
 * ids, frames, Call-ID, correlation ids, byte span).
 *
 * Hot path: the enabled message rules are resolved once, in the constructor; per message the
 * engine walks a plain array and hands every rule the same report callback, which reads the
 * message being checked from fields, so checking a clean message allocates nothing.
 *
 * Scopes: only message rules run today. Transaction, dialog and call rules (TX-*, DLG-*, OA-*,
 * …) will hook in here: `transactionRules`/`dialogRules`/`callRules` are already split out of
 * the enabled set; they will be fed the correlator's completed transactions, dialogs and calls
 * through methods beside checkMessage (e.g. checkTransaction(tx)), and a finish() for rules
 * that judge what never happened before the capture ended.
 */
export class RulesEngine {
  /** Every enabled rule, in registry order, with its effective severity. */
  readonly active: readonly ActiveRule[];
  private readonly messageRules: readonly Rule[];
  private readonly messageSeverities: readonly Severity[];
  /** Enabled rules of the other scopes: checked once their hook points exist (see above). */
  readonly transactionRules: readonly ActiveRule[];
  readonly dialogRules: readonly ActiveRule[];
  readonly callRules: readonly ActiveRule[];

  // The message being checked, read by the one report callback.
  private curMsg: SipMessage | undefined;
  private curLabels: MessageLabels | undefined;
  private curRule: Rule | undefined;
  private curSeverity: Severity = 'error';
  /** Times a rule threw on a message (reported as info findings; see checkMessage). */
  ruleFailures = 0;
  private out: Violation[] | undefined;
  private readonly report: (f: Finding) => void;

  constructor(rules: readonly Rule[], config: RulesConfig = DEFAULT_RULES_CONFIG) {
    const active: ActiveRule[] = [];
    for (const rule of rules) {
      if (isRuleEnabled(config, rule.id)) active.push({ rule, severity: effectiveSeverity(config, rule.id, rule.severity) });
    }
    this.active = active;
    const msgRules = active.filter((a) => a.rule.scope === 'message' && a.rule.checkMessage !== undefined);
    this.messageRules = msgRules.map((a) => a.rule);
    this.messageSeverities = msgRules.map((a) => a.severity);
    this.transactionRules = active.filter((a) => a.rule.scope === 'transaction');
    this.dialogRules = active.filter((a) => a.rule.scope === 'dialog');
    this.callRules = active.filter((a) => a.rule.scope === 'call');
    this.report = (f) => this.onFinding(f);
  }

  /**
   * Runs every enabled message rule on one message. `labels` (from the correlator) fills in the
   * call, dialog and transaction of each violation; without them (a lone message) they are
   * undefined. Returns a shared empty array when nothing is found: do not mutate it.
   */
  checkMessage(msg: SipMessage, labels?: MessageLabels): readonly Violation[] {
    const rules = this.messageRules;
    if (rules.length === 0) return NO_VIOLATIONS;
    this.curMsg = msg;
    this.curLabels = labels;
    this.out = undefined;
    const sev = this.messageSeverities;
    const report = this.report;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      this.curRule = rule;
      this.curSeverity = sev[i];
      try {
        // checkMessage is defined: messageRules holds only rules that have it.
        rule.checkMessage?.(msg, report);
      } catch (e) {
        // Hostile bytes must never stop a run: a rule that trips over a message is itself a
        // finding (a bug to fix), reported on that message, and the other rules go on.
        this.ruleFailures++;
        this.curSeverity = 'info';
        report({ summary: `rule ${rule.id} could not check this message: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
    const out = this.out;
    this.curMsg = undefined;
    this.curLabels = undefined;
    this.curRule = undefined;
    this.out = undefined;
    return out ?? NO_VIOLATIONS;
  }

  private onFinding(f: Finding): void {
    const msg = this.curMsg;
    const rule = this.curRule;
    if (msg === undefined || rule === undefined) throw new Error('a rule reported a finding outside checkMessage');
    const labels = this.curLabels;
    const v: Violation = {
      rule: rule.id,
      severity: this.curSeverity,
      rfc: rule.rfc,
      summary: f.summary,
      messages: [msg.id],
      frames: [msg.origin.frame],
      callId: msg.callId,
      call: labels?.call,
      dialog: labels?.dialog,
      transaction: labels?.transaction,
      span: f.span === undefined ? undefined : { message: msg.id, start: f.span.start, end: f.span.end },
    };
    (this.out ??= []).push(v);
  }
}

