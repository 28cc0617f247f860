/**
 * Decode every frame of the public captures in ../shared/pcaps and compare with tshark, frame
 * by frame: where tshark finds a UDP/TCP header, so must we (same innermost source address
 * and ports); where we find one, so must tshark. Fragments go through the defragmenter and
 * the completed datagrams are compared with tshark's reassembly.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CaptureReader } from '../../server/capture/capture-reader.js';
import { decodeFrame } from '../../server/decode/index.js';
import type { Diagnostic } from '../../server/model/diagnostic.js';
import type { DecodeResult } from '../../server/model/packet.js';
import { IpDefragmenter, type DefragResult } from '../../server/reassembly/ip-defragmenter.js';
import { hasPcapCorpus, PCAP_DIR, readManifest, SKIP_PCAPS_MESSAGE } from '../support/shared-corpus.js';
import { hasTshark } from './tshark-oracle.js';

interface Decoded {
  frame: number;
  result: DecodeResult;
  caplen: number;
  origLen: number;
}

async function decodeFile(path: string): Promise<{ frames: Decoded[]; completed: DefragResult[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const defrag = new IpDefragmenter({}, (d) => diagnostics.push(d));
  const frames: Decoded[] = [];
  const completed: DefragResult[] = [];
  try {
    for await (const batch of CaptureReader.open(path).batches()) {
      for (const f of batch) {
        const result = decodeFrame(f.linkType, f.data);
        frames.push({ frame: f.frame, result, caplen: f.data.length, origLen: f.origLen });
        if (result.kind === 'fragment') {
          const done = defrag.push(f, result);
          if (done !== undefined) completed.push(done);
        }
      }
    }
  } catch {
    // A file that is corrupt part-way: the frames before the problem are compared.
  }
  defrag.flush();
  return { frames, completed, diagnostics };
}

function tshark(path: string, defragment: boolean): Map<number, string[]> {
  const fields = ['frame.number', 'ip.src', 'ipv6.src', 'udp.srcport', 'udp.dstport', 'tcp.srcport', 'tcp.dstport', 'icmp.type', 'icmpv6.type', 'tcp.len'];
  const args = ['-r', path, '-T', 'fields', '-E', 'occurrence=l', '-E', 'separator=\t'];
  if (!defragment) args.push('-o', 'ip.defragment:FALSE', '-o', 'ipv6.defragment:FALSE');
  for (const f of fields) args.push('-e', f);
  let out = '';
  try {
    out = execFileSync('tshark', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 28 });
  } catch (e) {
    // tshark exits non-zero on a file it cannot read to the end, after printing what it read.
    out = (e as { stdout?: string }).stdout ?? '';
  }
  const rows = new Map<number, string[]>();
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const cells = line.split('\t');
    rows.set(Number(cells[0]), cells);
  }
  return rows;
}

const files = hasPcapCorpus ? readManifest().map((r) => r.file) : [];

describe.skipIf(!hasPcapCorpus || !hasTshark)('decoding the shared captures agrees with tshark', () => {
  if (!hasPcapCorpus) console.warn(SKIP_PCAPS_MESSAGE);

  it.each(files)('%s', async (file) => {
    const path = `${PCAP_DIR}${file}`;
    const { frames, completed } = await decodeFile(path);
    const oracle = tshark(path, false);
    // A file whose first record is corrupt yields nothing — to tshark as well.
    if (oracle.size === 0) expect(frames).toEqual([]);
    else expect(frames.length).toBeGreaterThan(0);
    const mismatches: string[] = [];
    for (const { frame, result, caplen, origLen } of frames) {
      const row = oracle.get(frame);
      if (row === undefined) continue;
      const [, ip4, ip6, uSport, uDport, tSport, tDport, icmp, icmp6, tcpLen] = row;
      // ICMP errors quote the offending packet's UDP/TCP header; we skip ICMP.
      if (icmp !== '' || icmp6 !== '') continue;
      const theirPorts = uSport !== '' ? `udp ${uSport}>${uDport}` : tSport !== '' ? `tcp ${tSport}>${tDport}` : '';
      if (result.kind === 'udp' || result.kind === 'tcp') {
        const ours = `${result.kind} ${result.srcPort}>${result.dstPort}`;
        const src = result.ip.version === 4 ? ip4 : ip6;
        if (ours !== theirPorts || src !== result.ip.src) {
          mismatches.push(`frame ${frame}: we ${ours} from ${result.ip.src}, tshark ${theirPorts || 'none'} from ${src}`);
        }
        if (result.kind === 'tcp' && caplen === origLen && String(result.payload.length) !== tcpLen) {
          mismatches.push(`frame ${frame}: TCP payload ${result.payload.length} bytes, tshark ${tcpLen}`);
        }
      } else if (result.kind === 'skip' && theirPorts !== '') {
        mismatches.push(`frame ${frame}: we skip (${result.reason}: ${result.detail}), tshark ${theirPorts}`);
      }
    }
    if (completed.length > 0) {
      const reassembled = tshark(path, true);
      for (const done of completed) {
        const last = done.frames[done.frames.length - 1].frame;
        const row = reassembled.get(last);
        const p = done.packet;
        const theirs = row === undefined ? '' : row[3] !== '' ? `udp ${row[3]}>${row[4]}` : `tcp ${row[5]}>${row[6]}`;
        const ours = p.kind === 'skip' ? `skip ${p.detail}` : `${p.kind} ${p.srcPort}>${p.dstPort}`;
        if (ours !== theirs) mismatches.push(`reassembled at frame ${last}: we ${ours}, tshark ${theirs}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('reassembles the IPv6 fragments of the sngrep capture', async () => {
    const { completed, diagnostics } = await decodeFile(`${PCAP_DIR}sngrep-ipv6-fragment-hdr-prack-update.pcap`);
    expect(completed).toHaveLength(2);
    for (const done of completed) {
      expect(done.frames).toHaveLength(2);
      expect(done.packet.kind === 'udp' && done.packet.payload.toString('latin1', 0, 7)).toBe('INVITE ');
    }
    expect(diagnostics).toEqual([]);
  });

  it('reports the IPv4 datagram whose fragment is missing', async () => {
    const { diagnostics } = await decodeFile(`${PCAP_DIR}pkts-ipv4-frag-invite-missing-fragment.pcap`);
    expect(diagnostics.map((d) => d.code)).toContain('fragment-incomplete');
  });
});
