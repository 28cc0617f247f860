import type { FramingNote } from '../model/sip-slice.js';
import type {
  CSeq,
  MessageOrigin,
  ParsedSip,
  ParseIssue,
  RequestLine,
  SipHeader,
  SipMessage,
  StatusLine,
} from '../model/sip-message.js';
import { headerViews, type HeaderIndex } from './scan-header-block.js';
import type { SipHeaderView } from './sip-header-view.js';

const NO_FRAMING: readonly FramingNote[] = Object.freeze([]);

/**
 * What `parseSip` returns: the parsed fields plus the compact header index, with header views
 * made on first use. The same object becomes the `SipMessage` once the session knows where it
 * was captured (`toSipMessage`), so a message costs one object, not two.
 */
export class SipMessageRecord implements ParsedSip {
  id: number;
  origin: MessageOrigin | undefined;
  framing: readonly FramingNote[];
  private views: SipHeaderView[] | undefined;

  constructor(
    readonly raw: Buffer,
    readonly startLine: RequestLine | StatusLine | null,
    /** The compact header index (keys and value spans); see header-access.ts for reading it. */
    readonly headerIndex: HeaderIndex,
    readonly callId: string | undefined,
    readonly cseq: CSeq | undefined,
    readonly contentLength: number | undefined,
    readonly bodyOffset: number,
    readonly issues: readonly ParseIssue[],
  ) {
    this.id = 0;
    this.origin = undefined;
    this.framing = NO_FRAMING;
    this.views = undefined;
  }

  get headers(): readonly SipHeader[] {
    return (this.views ??= headerViews(this.raw, this.headerIndex));
  }

  /** The header views, for JSON and structured clones (the getter is not an own property). */
  toJSON(): ParsedSip & Partial<Pick<SipMessage, 'id' | 'origin' | 'framing'>> {
    return {
      raw: this.raw,
      startLine: this.startLine,
      headers: this.headers,
      callId: this.callId,
      cseq: this.cseq,
      contentLength: this.contentLength,
      bodyOffset: this.bodyOffset,
      issues: this.issues,
      ...(this.origin ? { id: this.id, origin: this.origin, framing: this.framing } : {}),
    };
  }
}

/**
 * A parsed message with its capture provenance. Takes ownership of `parsed`: a record from
 * parseSip is completed in place; any other ParsedSip is copied.
 */
export function toSipMessage(
  parsed: ParsedSip,
  id: number,
  origin: MessageOrigin,
  framing: readonly FramingNote[],
): SipMessage {
  if (parsed instanceof SipMessageRecord) {
    parsed.id = id;
    parsed.origin = origin;
    parsed.framing = framing;
    return parsed as SipMessageRecord & SipMessage;
  }
  return {
    raw: parsed.raw,
    startLine: parsed.startLine,
    headers: parsed.headers,
    callId: parsed.callId,
    cseq: parsed.cseq,
    contentLength: parsed.contentLength,
    bodyOffset: parsed.bodyOffset,
    issues: parsed.issues,
    id,
    origin,
    framing,
  };
}
