// Message-scope rules (issue #4): each looks at one parsed message. One rule per file.
import type { Rule } from '../rule.js';
import { clMismatch } from './cl-mismatch.js';
import { clMissingStream } from './cl-missing-stream.js';
import { contactRequired } from './contact-required.js';
import { cseqMethod } from './cseq-method.js';
import { cseqRange } from './cseq-range.js';
import { ctMissing } from './ct-missing.js';
import { dateSyntax } from './date-syntax.js';
import { fromTag } from './from-tag.js';
import { hdrDupSingle } from './hdr-dup-single.js';
import { hdrMandatoryReq } from './hdr-mandatory-req.js';
import { hdrMandatoryResp } from './hdr-mandatory-resp.js';
import { hdrNoColon } from './hdr-no-colon.js';
import { maxfwdMissing } from './maxfwd-missing.js';
import { maxfwdRange } from './maxfwd-range.js';
import { msgCrlf } from './msg-crlf.js';
import { msgStartLine } from './msg-start-line.js';
import { msgVersion } from './msg-version.js';
import { nameaddrAngle } from './nameaddr-angle.js';
import { nameaddrSyntax } from './nameaddr-syntax.js';
import { paiCount } from './pai-count.js';
import { referToCount } from './refer-to-count.js';
import { respReqHdr } from './resp-req-hdr.js';
import { sdpSyntax } from './sdp-syntax.js';
import { statusRange } from './status-range.js';
import { subEvent } from './sub-event.js';
import { toTagResp } from './to-tag-resp.js';
import { udpTooBig } from './udp-too-big.js';
import { uriSyntax } from './uri-syntax.js';
import { viaBranchCookie } from './via-branch-cookie.js';
import { viaBranchId } from './via-branch-id.js';
import { viaSentbyPort } from './via-sentby-port.js';
import { viaSyntax } from './via-syntax.js';

export const MESSAGE_RULES: readonly Rule[] = [
  msgStartLine,
  msgVersion,
  msgCrlf,
  hdrNoColon,
  hdrMandatoryReq,
  hdrMandatoryResp,
  hdrDupSingle,
  cseqMethod,
  cseqRange,
  clMismatch,
  clMissingStream,
  ctMissing,
  maxfwdRange,
  maxfwdMissing,
  viaBranchCookie,
  viaBranchId,
  viaSentbyPort,
  viaSyntax,
  statusRange,
  uriSyntax,
  nameaddrAngle,
  nameaddrSyntax,
  fromTag,
  toTagResp,
  contactRequired,
  respReqHdr,
  udpTooBig,
  sdpSyntax,
  subEvent,
  referToCount,
  paiCount,
  dateSyntax,
];
