import { execFileSync, spawnSync } from 'node:child_process';
import { formatEndpoint, formatEpoch, methodOrStatus } from '../../server/cli/message-row.js';
import type { SipMessage } from '../../server/model/sip-message.js';

/** Whether tshark (the oracle) is on PATH; tests that need it skip without it. */
export const hasTshark = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;

/** tshark's view of every frame: one "epoch-seconds.nanoseconds length caplen" line each. */
export function tsharkFrameTimes(path: string): string[] {
  const out = execFileSync('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'frame.cap_len'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return out.trim().split('\n');
}

/**
 * tshark's view of the SIP messages of a capture, one line per message (several per frame when
 * a TCP segment carries several): `frame time src dst transport call-id cseq method-or-status`.
 * Call-ID and CSeq come as per-message lists; the method or status comes from the Info column,
 * whose " | "-separated entries follow the messages' order.
 */
export function tsharkSipLines(file: string, extraArgs: string[] = []): string[] {
  const r = spawnSync('tshark', ['-r', file, ...extraArgs, '-Y', 'sip', '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=a',
    '-E', 'aggregator=/s', '-e', 'frame.number', '-e', 'frame.time_epoch', '-e', 'ip.src', '-e', 'ipv6.src', '-e', 'udp.srcport',
    '-e', 'tcp.srcport', '-e', 'ip.dst', '-e', 'ipv6.dst', '-e', 'udp.dstport', '-e', 'tcp.dstport', '-e', 'sip.Call-ID',
    '-e', 'sip.CSeq.seq', '-e', 'sip.CSeq.method', '-e', '_ws.col.Info'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`tshark failed on ${file}: ${r.stderr}`);
  const last = (list: string): string => list.split(' ').at(-1) ?? '';
  const out: string[] = [];
  for (const l of r.stdout.trimEnd().split('\n')) {
    if (l.length === 0) continue;
    const [frame, time, ip4s, ip6s, us, ts, ip4d, ip6d, ud, td, cids, seqs, methods, info] = l.split('\t');
    // The innermost IP header is the last one listed (IP-in-IP).
    const src = ip6s ? `[${last(ip6s)}]` : last(ip4s);
    const dst = ip6d ? `[${last(ip6d)}]` : last(ip4d);
    const transport = us ? 'UDP' : 'TCP';
    const callIds = cids.split(' ');
    const seqList = seqs.split(' ');
    const methodList = methods.split(' ');
    // Info may start with TCP expert notes ("[TCP Previous segment not captured] Request: …").
    const entries = [...info.matchAll(/(?:Request|Status): (\S+)/g)].map((x) => x[1]);
    entries.forEach((mos, i) => {
      out.push(`${frame} ${time} ${src}:${last(us || ts)} ${dst}:${last(ud || td)} ${transport} ${callIds[i] ?? ''} ${seqList[i] ?? ''} ${methodList[i] ?? ''} ${mos}`.replace(/ {2,}/g, ' '));
    });
  }
  return out;
}

/** The same line for one of our messages. */
export function ourSipLine(m: SipMessage): string {
  const o = m.origin;
  const cseq = m.cseq ? `${m.cseq.seq} ${m.cseq.method}` : '';
  const line = `${o.frame} ${formatEpoch(o.tsSec, o.tsNsec)} ${formatEndpoint(o.src)} ${formatEndpoint(o.dst)} ${o.transport} ${m.callId ?? ''} ${cseq} ${methodOrStatus(m)}`;
  return line.replace(/ {2,}/g, ' ');
}
