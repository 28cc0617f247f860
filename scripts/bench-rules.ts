/**
 * Ingest + correlation with and without the rules on one capture: prints one JSON line with
 * both times (each the best of `runs` in this process, alternating) and the violations found.
 */
import { RULES } from '../server/rules/registry.js';
import { RulesEngine } from '../server/rules/rules-engine.js';
import { analyzeCapture } from '../server/session.js';

const file = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
if (!file) {
  process.stderr.write('usage: bench-rules <capture> [runs]\n');
  process.exit(2);
}

async function once(withRules: boolean): Promise<{ seconds: number; violations: number }> {
  const engine = new RulesEngine(RULES.rules);
  let violations = 0;
  const t0 = process.hrtime.bigint();
  await analyzeCapture(file, withRules ? { labels: (m, l) => (violations += engine.checkMessage(m, l).length) } : {});
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, violations };
}

let without = Infinity;
let withRules = Infinity;
let violations = 0;
for (let i = 0; i < runs; i++) {
  without = Math.min(without, (await once(false)).seconds);
  const r = await once(true);
  withRules = Math.min(withRules, r.seconds);
  violations = r.violations;
}
process.stdout.write(JSON.stringify({ without, withRules, violations, rules: RULES.rules.length }) + '\n');
