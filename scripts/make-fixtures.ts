/** Writes the project-made fixtures to fixtures/ (see scripts/lib/fixtures.ts). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildFixtures } from './lib/fixtures.js';

const dir = fileURLToPath(new URL('../../fixtures/', import.meta.url));
for (const [name, bytes] of buildFixtures()) {
  writeFileSync(`${dir}${name}`, bytes);
  process.stdout.write(`fixtures/${name} (${bytes.length} bytes)\n`);
}
