#!/usr/bin/env node
// Launcher for the compiled CLI (npm run build writes build/).
import { main } from '../build/server/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`sipscope: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
