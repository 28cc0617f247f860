import type { Rule } from './rule.js';

/** Thrown when two rules share an id: a programmer error, caught by the registry's own test. */
export class DuplicateRuleError extends Error {
  constructor(readonly ruleId: string) {
    super(`two rules have the id ${ruleId}`);
    this.name = 'DuplicateRuleError';
  }
}

/**
 * The rules sipscope knows, each under its unique id, in a stable order (sorted by id), so
 * docs/rules.md, SARIF rule lists and `--enable` validation all see the same set.
 */
export class RuleRegistry {
  readonly rules: readonly Rule[];
  private readonly byId: ReadonlyMap<string, Rule>;

  constructor(rules: readonly Rule[]) {
    const byId = new Map<string, Rule>();
    for (const r of rules) {
      if (byId.has(r.id)) throw new DuplicateRuleError(r.id);
      byId.set(r.id, r);
    }
    this.byId = byId;
    this.rules = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  get(id: string): Rule | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get ids(): string[] {
    return this.rules.map((r) => r.id);
  }
}
