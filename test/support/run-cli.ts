import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PROJECT_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES_DIR = `${PROJECT_DIR}fixtures/`;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the compiled `sipscope` CLI (npm test builds it first), as a user would. */
export function runCli(args: string[], input?: Buffer): CliResult {
  const r = spawnSync(process.execPath, [`${PROJECT_DIR}bin/sipscope.js`, ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** TSV text with a header line → rows keyed by column. */
export function parseTsv(text: string): Record<string, string>[] {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const header = lines[0].split('\t');
  return lines.slice(1).map((l) => {
    const cells = l.split('\t');
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}
