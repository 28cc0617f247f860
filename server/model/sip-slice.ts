import type { Diagnostic } from './diagnostic.js';
import type { KeepAlive, MessageOrigin } from './sip-message.js';

/**
 * The bytes of one SIP message as framed off a UDP datagram or a TCP byte stream
 * (RFC 3261 §18.3), with its provenance. `bytes` is owned by the slice (a copy, never a view
 * into a reader chunk), so the parser may keep it as the message's raw bytes.
 */
export interface SipSlice {
  readonly bytes: Buffer;
  readonly origin: MessageOrigin;
  /** Framing findings for this message, e.g. `cl-missing-stream`, `after-gap`, `udp-cl-short`. */
  readonly notes: readonly FramingNote[];
}

export interface FramingNote {
  readonly code: string;
  readonly message: string;
}

/**
 * Where the framing stages deliver their output. The session implements it; the stages
 * call it synchronously while a frame is being processed.
 */
export interface SliceSink {
  message(slice: SipSlice): void;
  keepAlive(k: KeepAlive): void;
  diagnostic(d: Diagnostic): void;
}
