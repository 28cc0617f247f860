/**
 * A frame as read from a capture, before any decoding.
 *
 * `data` is a view into the reader's chunk: it is valid only while the batch it came in is
 * being processed. A stage that keeps bytes beyond that (fragments, TCP buffers, messages)
 * copies them — that is the ownership boundary (STYLE.md §3).
 */
export interface RawFrame {
  /** 1-based frame number within its capture file, as Wireshark counts. */
  readonly frame: number;
  /** Capture time: whole seconds since the Unix epoch. */
  readonly tsSec: number;
  /** Capture time: nanoseconds within the second (0..999,999,999). */
  readonly tsNsec: number;
  /** LINKTYPE_* value of the interface the frame was captured on. */
  readonly linkType: number;
  /** Captured bytes (caplen of them). */
  readonly data: Buffer;
  /** Length of the packet on the wire (may exceed data.length when the snaplen cut it). */
  readonly origLen: number;
  /** Byte offset of the record (its header) in the decompressed capture stream. */
  readonly fileOffset: number;
  /** Length in bytes of the whole record (header + data + padding/options). */
  readonly recordLength: number;
  /** Interface index (pcapng IDB order within the section; 0 for pcap). */
  readonly interfaceId: number;
}

/** Where a message's bytes came from: enough to show raw bytes and re-export the frame. */
export interface FrameRef {
  readonly frame: number;
  readonly tsSec: number;
  readonly tsNsec: number;
  readonly fileOffset: number;
  readonly recordLength: number;
}

export type CaptureFormat = 'pcap' | 'pcapng';

/** Facts about one capture source, known once its header has been read. */
export interface CaptureInfo {
  readonly format: CaptureFormat;
  readonly gzip: boolean;
  /** Link types per interface (pcap: exactly one). */
  readonly linkTypes: readonly number[];
  /** Snapshot length of the first interface, if stated. */
  readonly snapLen: number;
  /** pcap: true when the file's byte order differs from the reader's (big-endian file). */
  readonly bigEndian: boolean;
  /** Timestamp resolution of the first interface in nanoseconds per tick (1000 = µs, 1 = ns). */
  readonly tsResolutionNs: number;
}
