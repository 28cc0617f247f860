import { readFileSync } from 'node:fs';

/**
 * sipscope's version from package.json, for SARIF's tool.driver.version. The CLI runs from
 * server/cli (tsx, tests) or build/server/cli (compiled), so both places are tried.
 */
export function checkToolVersion(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'sipscope' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // Not at this level: try the next one.
    }
  }
  return '0.0.0';
}
