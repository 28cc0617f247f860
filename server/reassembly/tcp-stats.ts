/** Counters of the TCP reassembly and stream framing stage (what was dropped is counted). */
export interface TcpStats {
  /** Directional streams created (a connection seen both ways counts 2). */
  flows: number;
  /** TCP segments pushed. */
  segments: number;
  /** Segments whose payload was wholly or partly received before. */
  retransmissions: number;
  /** Overlaps whose bytes differed from the bytes received first (the first ones were kept). */
  overlapsDiffering: number;
  /** Holes declared missing (timeout, buffer bound, FIN/RST, end of capture), and sequence jumps. */
  gaps: number;
  bytesMissing: number;
  flowsNotSip: number;
  flowsTls: number;
  /** Open flows evicted because they were idle or the flow table was full. */
  evictedFlows: number;
  keepAlives: number;
  /** Stream bytes not framed into any message (not SIP, TLS, hunted over, discarded). */
  bytesSkipped: number;
}

export function emptyTcpStats(): TcpStats {
  return {
    flows: 0,
    segments: 0,
    retransmissions: 0,
    overlapsDiffering: 0,
    gaps: 0,
    bytesMissing: 0,
    flowsNotSip: 0,
    flowsTls: 0,
    evictedFlows: 0,
    keepAlives: 0,
    bytesSkipped: 0,
  };
}
