import { hasTshark, tsharkFrameTimes } from '../support/tshark.js';
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import type { RawFrame } from '../../server/model/frame.js';
import { CaptureError } from '../../server/capture/capture-error.js';
import { CaptureReader } from '../../server/capture/capture-reader.js';

const DIR = '/work/shared/pcaps';
const CORRUPT = 'pkts-malformed-mixed-endian-header.pcap';

interface Row {
  file: string;
  packets: number;
}

function manifest(): Row[] {
  const lines = readFileSync(join(DIR, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const cols = lines[0].split('\t');
  const fileCol = cols.indexOf('file');
  const packetsCol = cols.indexOf('packets');
  return lines.slice(1).map((l) => {
    const c = l.split('\t');
    return { file: c[fileCol], packets: Number(c[packetsCol]) };
  });
}

interface Read {
  frames: Array<Omit<RawFrame, 'data'> & { hex: string }>;
  error: CaptureError | undefined;
}

/** Reads everything, copying each frame's bytes (the views die with their batch). */
async function read(input: string | NodeJS.ReadableStream, chunkSize?: number): Promise<Read> {
  const frames: Read['frames'] = [];
  let error: CaptureError | undefined;
  try {
    for await (const f of CaptureReader.open(input, { chunkSize }).frames()) {
      const { data, ...rest } = f;
      frames.push({ ...rest, hex: data.toString('hex') });
    }
  } catch (e) {
    if (!(e instanceof CaptureError)) throw e;
    error = e;
  }
  return { frames, error };
}

const ours = (r: Read): string[] =>
  r.frames.map((f) => `${f.tsSec}.${String(f.tsNsec).padStart(9, '0')}\t${f.origLen}\t${f.hex.length / 2}`);

describe.skipIf(!existsSync(join(DIR, 'MANIFEST.tsv')))('real captures in /work/shared/pcaps (skipped when absent)', () => {
  const rows = existsSync(join(DIR, 'MANIFEST.tsv')) ? manifest() : [];

  it.each(rows.filter((r) => r.file !== CORRUPT))('reads $file to the end with the manifest frame count', async ({ file, packets }) => {
    const whole = await read(join(DIR, file));
    expect(whole.error).toBeUndefined();
    expect(whole.frames).toHaveLength(packets);
    expect(whole.frames.map((f) => f.frame)).toEqual(Array.from({ length: packets }, (_, i) => i + 1));
    // Small chunks put record boundaries everywhere: the frames must not change.
    const small = await read(join(DIR, file), 4096);
    expect(small.frames).toEqual(whole.frames);
  });

  it('stops the corrupt mixed-endian file with record-too-long at the first record', async () => {
    const r = await read(join(DIR, CORRUPT));
    expect(r.frames).toEqual([]);
    expect(r.error).toMatchObject({ code: 'record-too-long', fileOffset: 24, frame: 1 });
    expect(r.error?.message).toMatch(/frame 1 at byte offset 24 claims 587333632 captured bytes/);
  });

  it('reads isa-invite-401-call-rtp as pcap and as pcapng to identical frames and timestamps', async () => {
    const a = await read(join(DIR, 'isa-invite-401-call-rtp.pcap'));
    const b = await read(join(DIR, 'isa-invite-401-call-rtp.pcapng'));
    const strip = (r: Read): unknown[] => r.frames.map((f) => [f.frame, f.tsSec, f.tsNsec, f.linkType, f.origLen, f.hex]);
    expect(a.frames).toHaveLength(175);
    expect(strip(b)).toEqual(strip(a));
  });

  it('reads a gzip of a capture identically to the plain file', async () => {
    for (const file of ['gprshome-register-subscribe-invite-407-rtp.pcap', 'heplify-erspan-gre-subscribe-notify-refer.pcapng']) {
      const plain = await read(join(DIR, file));
      const gz = await read(Readable.from([gzipSync(readFileSync(join(DIR, file)))]), 65536);
      expect(gz.error).toBeUndefined();
      expect(gz.frames).toEqual(plain.frames);
    }
  });

  it.skipIf(!hasTshark).each([
    'hep-wireshark-hep3-broadcast-sll.pcapng',
    'isa-invite-401-call-rtp.pcapng',
    'wireshark-acme-sbc-rawip-register-invite.pcapng',
    'ndpi-negative-http-on-tcp5060.pcap',
    'heplify-erspan-gre-subscribe-notify-refer.pcapng',
    'sngrep-ipv6-fragment-hdr-prack-update.pcap',
    'suricata-tcp-invite-large-body.pcap',
    'zeek-long-uri-raw-ip.pcap',
  ])('matches tshark frame.time_epoch to the nanosecond, and the lengths, for %s', async (file) => {
    const path = join(DIR, file);
    expect(ours(await read(path))).toEqual(tsharkFrameTimes(path));
  });
});
