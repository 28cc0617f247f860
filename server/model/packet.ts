import type { RawFrame } from './frame.js';

export type IpVersion = 4 | 6;
export type Transport = 'UDP' | 'TCP';

/** Why a frame did not yield a UDP or TCP payload. Counted per reason in the summary. */
export type SkipReason =
  | 'unknown-link-type'
  | 'not-ip'
  | 'truncated'
  | 'bad-ip-header'
  | 'bad-transport-header'
  | 'other-transport'
  | 'tunnel-too-deep';

/** TCP header fields the reassembler needs. */
export interface TcpInfo {
  readonly seq: number;
  readonly ack: number;
  /** Flags byte: FIN=0x01 SYN=0x02 RST=0x04 PSH=0x08 ACK=0x10. */
  readonly flags: number;
}

/** The innermost IP header of a frame, and what it carries. */
export interface IpHeaderInfo {
  readonly version: IpVersion;
  readonly src: string;
  readonly dst: string;
  /** Upper-layer protocol after all extension headers (6 TCP, 17 UDP, 132 SCTP, …). */
  readonly protocol: number;
  /** How many IP-in-IP encapsulations were peeled off to reach this header. */
  readonly tunnelDepth: number;
}

/** A UDP datagram or TCP segment with its payload (a view into the frame or a reassembled buffer). */
export interface TransportPacket {
  readonly kind: 'udp' | 'tcp';
  readonly ip: IpHeaderInfo;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly payload: Buffer;
  /** Present for TCP. */
  readonly tcp?: TcpInfo;
}

/** One IP fragment, to be joined by the defragmenter (reassembly stage). */
export interface IpFragment {
  readonly kind: 'fragment';
  readonly ip: IpHeaderInfo;
  /** IPv4 Identification (16 bits) or IPv6 Fragment header Identification (32 bits). */
  readonly id: number;
  /** Byte offset of this fragment's data in the original datagram's payload. */
  readonly offset: number;
  readonly moreFragments: boolean;
  /** The fragment's data (a view into the frame). */
  readonly data: Buffer;
}

export interface SkippedFrame {
  readonly kind: 'skip';
  readonly reason: SkipReason;
  /** What exactly, e.g. "link type 147", "ethertype 0x0806 (ARP)", "IP protocol 1 (ICMP)". */
  readonly detail: string;
}

/** What decoding one frame yields. Decoders are pure and never throw. */
export type DecodeResult = TransportPacket | IpFragment | SkippedFrame;

/** A decoded packet together with the frame it came from. */
export interface FramePacket {
  readonly frame: RawFrame;
  readonly packet: TransportPacket;
}
