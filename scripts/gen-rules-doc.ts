/**
 * Writes docs/rules.md from the rule registry (`npm run docs:rules`). A test compares the
 * committed file with formatRulesDoc's output, so the docs cannot drift from the code.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RULES } from '../server/rules/registry.js';
import { formatRulesDoc } from '../server/rules/rules-doc.js';

// Compiled to build/scripts/: the project root is two levels up; run from source (tsx) it is one.
const here = fileURLToPath(new URL('.', import.meta.url));
const root = /[\\/]build[\\/]scripts[\\/]?$/.test(here) ? new URL('../../', import.meta.url) : new URL('../', import.meta.url);
const docs = new URL('docs/', root);
mkdirSync(docs, { recursive: true });
writeFileSync(new URL('rules.md', docs), formatRulesDoc(RULES.rules));
process.stdout.write(`wrote ${fileURLToPath(new URL('rules.md', docs))} (${RULES.rules.length} rules)\n`);
