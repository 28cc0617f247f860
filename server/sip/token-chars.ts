/**
 * RFC 3261 §25.1: `token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")`.
 * A 256-entry table so the hot path tests a byte with one indexed load.
 */
export const TOKEN_BYTES: Uint8Array = buildTokenTable();

function buildTokenTable(): Uint8Array {
  const t = new Uint8Array(256);
  for (let c = 0x30; c <= 0x39; c++) t[c] = 1;
  for (let c = 0x41; c <= 0x5a; c++) t[c] = 1;
  for (let c = 0x61; c <= 0x7a; c++) t[c] = 1;
  for (const ch of "-.!%*_+`'~") t[ch.charCodeAt(0)] = 1;
  return t;
}

/** True when every UTF-16 unit of `s` is a token character (RFC 3261 §25.1); false for ''. */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff || TOKEN_BYTES[c] === 0) return false;
  }
  return true;
}
