import type { Endpoint, SipMessage } from '../model/sip-message.js';
import { findHeader, headerValueAt } from '../sip/header-access.js';
import { getVias } from '../sip/get-vias.js';

/** Longest hop path kept: a request looping through proxies must not grow a call without bound. */
export const MAX_HOPS = 32;

export function endpointText(e: Endpoint): string {
  return e.ip.indexOf(':') >= 0 ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

/**
 * Extends the path of the call's initial request with one sighting of it. The first sighting
 * also reads the Vias below the top one (RFC 3261 §16.6 step 8: each proxy pushes its own, so
 * the bottom Via is the originating UA): their sent-by, corrected by `received`/`rport`
 * (§18.2.1, RFC 3581 §4) as the next hop saw it. Then the packet's source and destination;
 * later sightings of the same request on other hops (a proxy forwarding it) append theirs.
 */
export function extendHopPath(path: string[], msg: SipMessage): void {
  if (path.length === 0 && hasSeveralVias(msg)) {
    const vias = getVias(msg);
    for (let i = vias.length - 1; i >= 1 && path.length < MAX_HOPS - 2; i--) {
      const v = vias[i];
      const host = v.received ?? v.host;
      const port = typeof v.rport === 'number' ? v.rport : (v.port ?? (v.transport === 'TLS' ? 5061 : 5060));
      push(path, endpointText({ ip: host, port }));
    }
  }
  push(path, endpointText(msg.origin.src));
  push(path, endpointText(msg.origin.dst));
}

function push(path: string[], hop: string): void {
  if (path.length < MAX_HOPS && path[path.length - 1] !== hop) path.push(hop);
}

/** Whether a message carries more than one Via (several lines, or a comma list): cheap, no parsing. */
function hasSeveralVias(msg: SipMessage): boolean {
  const first = findHeader(msg, 'via');
  if (first < 0) return false;
  return findHeader(msg, 'via', first + 1) >= 0 || headerValueAt(msg, first).indexOf(',') >= 0;
}
