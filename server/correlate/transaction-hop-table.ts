import type { Hop } from '../model/correlation.js';
import type { Endpoint, MessageOrigin } from '../model/sip-message.js';
import type { Transport } from '../model/packet.js';

/** Distinct hops remembered at most; past it the table starts over (sharing is an economy, not a rule). */
const MAX_HOPS = 4096;

/**
 * Shared `Hop` objects. Every transaction keeps its hop, and a finished call keeps its
 * transactions: without sharing, each transaction holds a hop object and the two endpoint
 * objects of its first message. The transactions of one hop (the INVITE, its ACK, the BYE of
 * the same direction, the next call between the same two elements) get one object. Looked up
 * by client IP, then client port, then a short list matched on the server side and transport:
 * no key string is built. Hops are readonly, so sharing them changes nothing a reader sees.
 */
export class HopTable {
  private readonly byClientIp = new Map<string, Map<number, Hop[]>>();
  private size = 0;

  /** The hop a request travels: client = source, server = destination. */
  request(o: MessageOrigin): Hop {
    return this.intern(o.src, o.dst, o.transport);
  }

  /** The hop of a response's transaction: responses travel server → client (RFC 3261 §18.2.2). */
  response(o: MessageOrigin): Hop {
    return this.intern(o.dst, o.src, o.transport);
  }

  private intern(client: Endpoint, server: Endpoint, transport: Transport): Hop {
    let byPort = this.byClientIp.get(client.ip);
    if (byPort === undefined) {
      if (this.size >= MAX_HOPS) this.clear();
      byPort = new Map();
      this.byClientIp.set(client.ip, byPort);
    }
    let list = byPort.get(client.port);
    if (list === undefined) {
      list = [];
      byPort.set(client.port, list);
    }
    for (let i = 0; i < list.length; i++) {
      const h = list[i];
      if (h.transport === transport && h.server.port === server.port && h.server.ip === server.ip) return h;
    }
    if (this.size >= MAX_HOPS) {
      this.clear();
      return this.intern(client, server, transport);
    }
    const hop: Hop = { client, server, transport };
    list.push(hop);
    this.size++;
    return hop;
  }

  private clear(): void {
    this.byClientIp.clear();
    this.size = 0;
  }
}
