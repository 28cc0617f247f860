/**
 * The indexes that join legs across Call-IDs (see link-keys.ts for the evidence). Every table
 * is bounded: shared keys are withdrawn when their call leaves memory (media keys as soon as
 * the call ends), pending Call-ID references and REFER sources are capped, oldest first out,
 * and what is dropped is counted.
 */
export interface LinkIndexOptions {
  /** Call-ID references waiting for the call they name (default 10,000). */
  maxPending?: number;
  /** Calls per shared key: a key held by more is not evidence of one session (default 16). */
  maxHolders?: number;
}

export interface PendingRef {
  readonly from: number;
  readonly reason: string;
}

export class LinkIndex {
  private readonly shared = new Map<string, number[]>();
  private readonly pending = new Map<string, PendingRef[]>();
  private readonly referSources = new Map<string, number>();
  private pendingCount = 0;
  private readonly maxPending: number;
  private readonly maxHolders: number;
  readonly stats = { pendingDropped: 0 };

  constructor(opts: LinkIndexOptions = {}) {
    this.maxPending = opts.maxPending ?? 10_000;
    this.maxHolders = opts.maxHolders ?? 16;
  }

  /** Registers `call` as holding `key`; returns the other calls that hold it (to link with). */
  addShared(call: number, key: string): readonly number[] {
    const holders = this.shared.get(key);
    if (holders === undefined) {
      this.shared.set(key, [call]);
      return NONE;
    }
    if (holders.includes(call)) return NONE;
    const others = holders.slice();
    if (holders.length < this.maxHolders) holders.push(call);
    return others;
  }

  removeShared(call: number, key: string): void {
    const holders = this.shared.get(key);
    if (holders === undefined) return;
    const i = holders.indexOf(call);
    if (i >= 0) holders.splice(i, 1);
    if (holders.length === 0) this.shared.delete(key);
  }

  /** A Call-ID named by `from` whose call is not seen yet. */
  addPending(callId: string, from: number, reason: string): void {
    let refs = this.pending.get(callId);
    if (refs === undefined) this.pending.set(callId, (refs = []));
    else if (refs.some((r) => r.from === from)) return;
    refs.push({ from, reason });
    this.pendingCount++;
    while (this.pendingCount > this.maxPending) {
      const [oldest, list] = this.pending.entries().next().value as [string, PendingRef[]];
      this.pending.delete(oldest);
      this.pendingCount -= list.length;
      this.stats.pendingDropped += list.length;
    }
  }

  /** The references waiting for this Call-ID, removed from the index. */
  takePending(callId: string): readonly PendingRef[] {
    const refs = this.pending.get(callId);
    if (refs === undefined) return NO_REFS;
    this.pending.delete(callId);
    this.pendingCount -= refs.length;
    return refs;
  }

  /** A REFER's Referred-By (RFC 3892): the next initial INVITE with the same one was triggered by it. */
  addReferSource(key: string, call: number): void {
    this.referSources.delete(key);
    this.referSources.set(key, call);
    if (this.referSources.size > this.maxPending) {
      this.referSources.delete(this.referSources.keys().next().value as string);
      this.stats.pendingDropped++;
    }
  }

  takeReferSource(key: string): number | undefined {
    const call = this.referSources.get(key);
    if (call !== undefined) this.referSources.delete(key);
    return call;
  }

  removeReferSource(key: string, call: number): void {
    if (this.referSources.get(key) === call) this.referSources.delete(key);
  }

  /** Entries held, for the memory bound checks. */
  get size(): { shared: number; pending: number; referSources: number } {
    return { shared: this.shared.size, pending: this.pendingCount, referSources: this.referSources.size };
  }
}

const NONE: readonly number[] = Object.freeze([]);
const NO_REFS: readonly PendingRef[] = Object.freeze([]);
