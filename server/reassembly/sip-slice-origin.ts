import type { FrameRef } from '../model/frame.js';
import type { Transport } from '../model/packet.js';
import type { Endpoint, MessageOrigin } from '../model/sip-message.js';
import type { FramingNote } from '../model/sip-slice.js';

/** Shared by every slice without framing findings (never mutated). */
export const NO_NOTES: readonly FramingNote[] = Object.freeze([]);

/** Stands in for a missing frame reference (upstream always passes at least one). */
export const NO_FRAME: FrameRef = Object.freeze({ frame: 0, tsSec: 0, tsNsec: 0, fileOffset: 0, recordLength: 0 });

/**
 * Provenance of a framed message. `completing` is the frame whose arrival completed the
 * message (for TCP data delivered out of order: the segment that filled the hole); `frames`
 * are the frames that contributed bytes, in capture order.
 */
export function sliceOrigin(
  completing: FrameRef,
  src: Endpoint,
  dst: Endpoint,
  transport: Transport,
  frames: readonly FrameRef[],
): MessageOrigin {
  return { frame: completing.frame, tsSec: completing.tsSec, tsNsec: completing.tsNsec, src, dst, transport, frames };
}

/** The last frame of a packet's frame list: the one it completed in. */
export function lastFrame(frames: readonly FrameRef[]): FrameRef {
  return frames.length > 0 ? frames[frames.length - 1] : NO_FRAME;
}
