/**
 * RFC 3261 §12: a dialog is identified by the Call-ID, the local tag and the remote tag. A
 * passive observer has no "local" side, so a dialog is kept as (Call-ID, caller tag, callee
 * tag): the caller's tag is the From tag of the dialog-creating request, the callee's the To
 * tag of the response (§12.1.1, §12.1.2). In-dialog requests sent by the callee carry the two
 * tags swapped (§12.2.1.1), so a message's (From tag, To tag) matches in either order. The
 * tracker's table is keyed by the Call-ID (one hash of a string the parser already made) and
 * the tags are matched here. Call-IDs and tags are compared as written (§20.8: Call-IDs are
 * compared byte-by-byte; tags are opaque tokens).
 */
export function matchesDialog(callerTag: string, calleeTag: string, fromTag: string, toTag: string): boolean {
  return (callerTag === fromTag && calleeTag === toTag) || (callerTag === toTag && calleeTag === fromTag);
}
