import { writeSync } from 'node:fs';
import { finished } from 'node:stream/promises';

/** Where a capture writer puts its bytes: a file descriptor (written synchronously) or a stream. */
export type OutputTarget = number | NodeJS.WritableStream;

/**
 * Writes each record as soon as it is encoded, so a crash loses nothing already handed over:
 * a file descriptor gets a synchronous write(2) per call; a stream gets `write()` (its own
 * buffering and backpressure apply; `write` returns false when the caller should wait for 'drain').
 */
export class OutputSink {
  private written = 0;
  private closed = false;

  constructor(private readonly target: OutputTarget) {}

  get bytesWritten(): number {
    return this.written;
  }

  write(bytes: Uint8Array): boolean {
    if (this.closed) throw new Error('write after close');
    this.written += bytes.length;
    const t = this.target;
    if (typeof t === 'number') {
      let off = 0;
      while (off < bytes.length) off += writeSync(t, bytes, off, bytes.length - off);
      return true;
    }
    return t.write(bytes);
  }

  /**
   * Ends a stream and waits until it has flushed (rejects on a stream error). A file
   * descriptor is left open: it belongs to whoever opened it.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const t = this.target;
    if (typeof t === 'number') return;
    t.end();
    await finished(t as NodeJS.WritableStream);
  }
}
