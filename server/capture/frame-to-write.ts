/** What the capture writers need of a frame. A RawFrame is one. */
export interface FrameToWrite {
  readonly tsSec: number;
  /** 0..999,999,999; truncated to the file's resolution. */
  readonly tsNsec: number;
  readonly data: Uint8Array;
  /** Length on the wire; defaults to data.length. */
  readonly origLen?: number;
  /** pcapng: index of the interface (IDB) the frame belongs to; default 0. Ignored by pcap. */
  readonly interfaceId?: number;
  /** pcapng: written as the EPB's opt_comment. Ignored by pcap. */
  readonly comment?: string;
}
