import type { Severity } from '../model/violation.js';
import type { RuleRegistry } from './rule-registry.js';

/**
 * Which rules run and at which severity. Every rule is enabled at its default severity unless
 * the config says otherwise. `all` in a list stands for every rule, so `--disable all
 * --enable CSEQ-METHOD` runs one rule.
 */
export interface RulesConfig {
  readonly disable: readonly string[];
  readonly enable: readonly string[];
  /** Severity overrides by rule id. */
  readonly severity: Readonly<Record<string, Severity>>;
}

export const DEFAULT_RULES_CONFIG: RulesConfig = Object.freeze({ disable: [], enable: [], severity: Object.freeze({}) });

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** The word that stands for every rule in an enable/disable list. */
export const ALL_RULES_WORD = 'all';

/** A config the user wrote is wrong: an unknown rule id, a bad severity, bad JSON. Usage error (exit 2). */
export class RulesConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RulesConfigError';
  }
}

export function isSeverity(s: unknown): s is Severity {
  return typeof s === 'string' && (SEVERITIES as readonly string[]).includes(s);
}

/** `ID,ID , ID` → ['ID', 'ID', 'ID']; empty items are dropped. */
export function parseRuleIdList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function stringList(value: unknown, field: string, source: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new RulesConfigError(`${source}: "${field}" must be an array of rule ids`);
  }
  return value;
}

/**
 * Reads a config file's text: `{ "disable": [...], "enable": [...], "severity": { "ID": "warning" } }`.
 * Checks the shape only; `validateRulesConfig` checks the ids against a registry.
 */
export function parseRulesConfigJson(text: string, source: string): RulesConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new RulesConfigError(`${source}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new RulesConfigError(`${source}: expected a JSON object with "disable", "enable" and/or "severity"`);
  }
  const obj = data as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (key !== 'disable' && key !== 'enable' && key !== 'severity') {
      throw new RulesConfigError(`${source}: unknown key "${key}" (expected "disable", "enable" or "severity")`);
    }
  }
  const severity: Record<string, Severity> = {};
  if (obj.severity !== undefined) {
    if (typeof obj.severity !== 'object' || obj.severity === null || Array.isArray(obj.severity)) {
      throw new RulesConfigError(`${source}: "severity" must be an object mapping rule ids to error, warning or info`);
    }
    for (const [id, sev] of Object.entries(obj.severity)) {
      if (!isSeverity(sev)) {
        throw new RulesConfigError(`${source}: bad severity ${JSON.stringify(sev)} for rule ${id} (expected error, warning or info)`);
      }
      severity[id] = sev;
    }
  }
  return { disable: stringList(obj.disable, 'disable', source), enable: stringList(obj.enable, 'enable', source), severity };
}

/**
 * Combines configs (the file, then the command line): lists are joined, and a later severity
 * override for the same rule wins. An enable always beats a disable (see isRuleEnabled).
 */
export function mergeRulesConfigs(...configs: readonly RulesConfig[]): RulesConfig {
  return {
    disable: configs.flatMap((c) => c.disable),
    enable: configs.flatMap((c) => c.enable),
    severity: Object.assign({}, ...configs.map((c) => c.severity)) as Record<string, Severity>,
  };
}

/** Throws a RulesConfigError naming every unknown rule id (a typo must not silently disable nothing). */
export function validateRulesConfig(config: RulesConfig, registry: RuleRegistry): void {
  const unknown = new Set<string>();
  for (const id of [...config.disable, ...config.enable]) if (id !== ALL_RULES_WORD && !registry.has(id)) unknown.add(id);
  for (const id of Object.keys(config.severity)) if (!registry.has(id)) unknown.add(id);
  if (unknown.size > 0) {
    const ids = [...unknown];
    throw new RulesConfigError(`unknown rule id${ids.length > 1 ? 's' : ''} ${ids.join(', ')} (see docs/rules.md for the list)`);
  }
  for (const [id, sev] of Object.entries(config.severity)) {
    if (!isSeverity(sev)) throw new RulesConfigError(`bad severity ${JSON.stringify(sev)} for rule ${id} (expected error, warning or info)`);
  }
}

/**
 * Whether a rule runs: enabled unless disabled, and an enable beats a disable wherever each
 * comes from, so `--disable all --enable CSEQ-METHOD` runs one rule and `--enable` on the
 * command line switches back on what a config file disabled.
 */
export function isRuleEnabled(config: RulesConfig, id: string): boolean {
  const listed = (list: readonly string[]): boolean => list.includes(id) || list.includes(ALL_RULES_WORD);
  if (listed(config.enable)) return true;
  return !listed(config.disable);
}

export function effectiveSeverity(config: RulesConfig, id: string, defaultSeverity: Severity): Severity {
  return Object.hasOwn(config.severity, id) ? config.severity[id] : defaultSeverity;
}
