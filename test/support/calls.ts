import type { Call } from '../../server/model/correlation.js';
import { analyzeCapture } from '../../server/session.js';

/** The calls of a capture, last version of each, in order of first sight. */
export async function collectCalls(path: string): Promise<Call[]> {
  const calls = new Map<number, Call>();
  await analyzeCapture(path, { call: (c) => calls.set(c.id, c) });
  return [...calls.values()];
}
