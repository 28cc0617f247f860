/**
 * Test helper: write frames of any link types to a small pcapng (one interface per link
 * type) with the capture stage's writer, and ask tshark what it sees.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePcapng } from '../../server/capture/pcapng-writer.js';

export { hasTshark } from '../support/tshark.js';

export interface TestFrame {
  linkType: number;
  data: Buffer;
}

/** Frames of any link types as a pcapng with one interface per distinct link type. */
export function framesToPcapng(frames: readonly TestFrame[]): Buffer {
  const linkTypes = [...new Set(frames.map((f) => f.linkType))];
  return encodePcapng(
    frames.map((f, i) => ({ tsSec: i, tsNsec: 0, data: f.data, interfaceId: linkTypes.indexOf(f.linkType) })),
    { interfaces: linkTypes.map((linkType) => ({ linkType })) },
  );
}

/** Run tshark over the frames and return one row of field values per frame. */
export function tsharkFields(frames: readonly TestFrame[], fields: readonly string[], extra: readonly string[] = []): string[][] {
  const dir = mkdtempSync(join(tmpdir(), 'sipscope-decode-'));
  const file = join(dir, 'frames.pcapng');
  writeFileSync(file, framesToPcapng(frames));
  const args = ['-r', file, '-T', 'fields', '-E', 'occurrence=l', '-E', 'separator=\t', ...extra];
  for (const f of fields) args.push('-e', f);
  let out: string;
  try {
    out = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}
