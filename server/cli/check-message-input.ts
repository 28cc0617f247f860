import { readFile } from 'node:fs/promises';
import type { MessageOrigin, SipMessage } from '../model/sip-message.js';
import type { FramingNote } from '../model/sip-slice.js';
import { udpContentLengthCheck } from '../reassembly/udp-sip-framer.js';
import { parseSip } from '../sip/parse-sip.js';
import { toSipMessage } from '../sip/sip-message-record.js';

const NOWHERE = { ip: '0.0.0.0', port: 0 };

/** Reads all of standard input. */
async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/**
 * One raw SIP message from a file (`-` for standard input), as RFC 4475 ships its torture
 * messages, made into a SipMessage as if it had arrived alone in a UDP datagram: frame 0, no
 * addresses. It goes through the same RFC 3261 §18.3 datagram Content-Length check as captured
 * UDP traffic, so `check --message` and `check capture.pcap` judge the same bytes the same way.
 * I/O errors are thrown.
 */
export async function readSipMessageInput(path: string): Promise<SipMessage> {
  const bytes = path === '-' ? await readStdin() : await readFile(path);
  return sipMessageFromBytes(bytes);
}

export function sipMessageFromBytes(bytes: Buffer): SipMessage {
  let parsed = parseSip(bytes);
  const notes: FramingNote[] = [];
  const check = udpContentLengthCheck(parsed.contentLength, parsed.bodyOffset, parsed.raw.length);
  if (check.note !== undefined) {
    if (check.end < parsed.raw.length) parsed = parseSip(bytes.subarray(0, check.end));
    notes.push(check.note);
  }
  const origin: MessageOrigin = {
    frame: 0,
    tsSec: 0,
    tsNsec: 0,
    src: NOWHERE,
    dst: NOWHERE,
    transport: 'UDP',
    frames: [{ frame: 0, tsSec: 0, tsNsec: 0, fileOffset: 0, recordLength: bytes.length }],
  };
  return toSipMessage(parsed, 1, origin, notes);
}
