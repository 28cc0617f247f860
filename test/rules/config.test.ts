import { describe, expect, it } from 'vitest';
import type { Rule } from '../../server/rules/rule.js';
import { RuleRegistry } from '../../server/rules/rule-registry.js';
import {
  effectiveSeverity,
  isRuleEnabled,
  mergeRulesConfigs,
  parseRuleIdList,
  parseRulesConfigJson,
  RulesConfigError,
  validateRulesConfig,
} from '../../server/rules/rules-config.js';

function rule(id: string): Rule {
  return { id, title: id, severity: 'error', rfc: [{ rfc: 3261, section: '7' }], scope: 'message', triggers: id, example: id };
}
const registry = new RuleRegistry([rule('A-ONE'), rule('B-TWO'), rule('C-THREE')]);

describe('rules config', () => {
  it('enables every rule at its default severity by default', () => {
    const c = parseRulesConfigJson('{}', 'f.json');
    expect(['A-ONE', 'B-TWO'].map((id) => isRuleEnabled(c, id))).toEqual([true, true]);
    expect(effectiveSeverity(c, 'A-ONE', 'error')).toBe('error');
  });

  it('reads disable, enable and severity overrides from a config file', () => {
    const c = parseRulesConfigJson('{ "disable": ["A-ONE", "B-TWO"], "enable": ["B-TWO"], "severity": { "C-THREE": "warning" } }', 'f.json');
    validateRulesConfig(c, registry);
    expect(isRuleEnabled(c, 'A-ONE')).toBe(false);
    expect(isRuleEnabled(c, 'B-TWO')).toBe(true);
    expect(isRuleEnabled(c, 'C-THREE')).toBe(true);
    expect(effectiveSeverity(c, 'C-THREE', 'error')).toBe('warning');
    expect(effectiveSeverity(c, 'A-ONE', 'error')).toBe('error');
  });

  it('lets command-line flags add to the file: --enable re-enables what the file disabled, "all" stands for every rule', () => {
    const file = parseRulesConfigJson('{ "disable": ["A-ONE"], "severity": { "A-ONE": "info" } }', 'f.json');
    const flags = { enable: parseRuleIdList('A-ONE'), disable: parseRuleIdList(' B-TWO ,'), severity: {} };
    const c = mergeRulesConfigs(file, flags);
    expect([isRuleEnabled(c, 'A-ONE'), isRuleEnabled(c, 'B-TWO'), isRuleEnabled(c, 'C-THREE')]).toEqual([true, false, true]);
    expect(effectiveSeverity(c, 'A-ONE', 'error')).toBe('info');
    const only = { enable: ['C-THREE'], disable: ['all'], severity: {} };
    validateRulesConfig(only, registry);
    expect(registry.ids.filter((id) => isRuleEnabled(only, id))).toEqual(['C-THREE']);
  });

  it('names an unknown rule id, from the file or the flags', () => {
    const bad = mergeRulesConfigs(parseRulesConfigJson('{ "severity": { "NOPE-1": "info" } }', 'f.json'), { enable: ['NOPE-2'], disable: [], severity: {} });
    expect(() => validateRulesConfig(bad, registry)).toThrow(RulesConfigError);
    expect(() => validateRulesConfig(bad, registry)).toThrow(/unknown rule ids NOPE-2, NOPE-1/);
  });

  it('names a bad severity and the rule it was given for', () => {
    expect(() => parseRulesConfigJson('{ "severity": { "A-ONE": "fatal" } }', 'f.json')).toThrow(/f\.json: bad severity "fatal" for rule A-ONE/);
  });

  it('rejects malformed config files with the file name and what is wrong', () => {
    expect(() => parseRulesConfigJson('{ "disable": "A-ONE" }', 'f.json')).toThrow(/f\.json: "disable" must be an array/);
    expect(() => parseRulesConfigJson('[1]', 'f.json')).toThrow(/f\.json: expected a JSON object/);
    expect(() => parseRulesConfigJson('{ "disabled": [] }', 'f.json')).toThrow(/unknown key "disabled"/);
    expect(() => parseRulesConfigJson('{ nope', 'f.json')).toThrow(/f\.json: not valid JSON/);
    expect(() => parseRulesConfigJson('{ "severity": [] }', 'f.json')).toThrow(RulesConfigError);
  });
});
