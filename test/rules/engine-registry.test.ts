import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MESSAGE_RULES } from '../../server/rules/messages/index.js';
import { RULES } from '../../server/rules/registry.js';
import { formatRulesDoc } from '../../server/rules/rules-doc.js';
import { PROJECT_DIR } from '../support/run-cli.js';

describe('rule registry', () => {
  it('holds every message rule under a unique kebab-case upper-case id', () => {
    expect(RULES.rules.length).toBe(MESSAGE_RULES.length);
    for (const r of MESSAGE_RULES) {
      expect(RULES.get(r.id)).toBe(r);
      expect(r.id).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)*$/);
      expect(r.scope).toBe('message');
      expect(typeof r.checkMessage).toBe('function');
      expect(r.rfc.length).toBeGreaterThan(0);
    }
  });

  it('docs/rules.md is what scripts/gen-rules-doc.ts generates (run npm run docs:rules after changing a rule)', () => {
    const committed = readFileSync(`${PROJECT_DIR}docs/rules.md`, 'utf8');
    expect(committed).toBe(formatRulesDoc(RULES.rules));
  });
});
