import type { SkipReason } from './packet.js';

/** What happened to the frames of a capture: every frame is accounted for under one heading. */
export interface IngestStats {
  framesRead: number;
  /** Frames that yielded a UDP or TCP packet (directly or by completing an IP datagram). */
  framesDecoded: number;
  udpFrames: number;
  tcpFrames: number;
  /** Frames that could not be decoded to UDP/TCP, by reason. */
  skipped: Record<SkipReason, number>;
  /** Examples of what was skipped per reason (first few distinct details), for the summary. */
  skippedDetails: Partial<Record<SkipReason, string[]>>;
  /** IP fragments held for reassembly (a frame counted here is not counted as skipped). */
  fragments: number;
  fragmentsNeverCompleted: number;
  /** Decoded frames whose payload is not SIP: TLS, or something else (HTTP, RTP, DNS, …). */
  notSip: number;
  tls: number;
  /** TCP frames that were pure retransmissions. */
  tcpRetransmissions: number;
  tcpGaps: number;
  tcpBytesMissing: number;
  sipMessages: number;
  /** Messages on which the parser or the framer recorded an issue. */
  sipMessagesWithIssues: number;
  keepAlives: number;
  /** Bytes of capture input consumed (compressed size for gzip input). */
  bytesRead: number;
}
