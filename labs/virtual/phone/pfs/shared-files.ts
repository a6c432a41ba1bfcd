// What the phones of one process share (an emulator's economy, never a shortcut: each phone
// still receives and checks every byte itself): one copy of each verified file, and the
// receive buffers of phones that found the file already held, for the next phone to fill.
// Without it a thousand phones would hold 8 GB of identical firmware.
export class SharedFiles {
  private readonly verified = new Map<string, Buffer>();
  /** Spare memory, any size: a spare of 3 MB serves a 0.5 MB file as well (bounds the total). */
  private readonly spare: ArrayBuffer[] = [];

  /** A buffer of `bytes` for receiving a file: spare memory when some is large enough. */
  take(bytes: number): Buffer {
    let best = -1;
    for (let i = 0; i < this.spare.length; i++) {
      const len = this.spare[i]?.byteLength ?? 0;
      if (len >= bytes && (best < 0 || len < (this.spare[best]?.byteLength ?? 0))) best = i;
    }
    const found = best < 0 ? undefined : this.spare.splice(best, 1)[0];
    return found ? Buffer.from(found, 0, bytes) : Buffer.allocUnsafe(Math.max(bytes, SPARE_MIN)).subarray(0, bytes);
  }

  /** The verified copy of the file with this SHA-256, if one is kept. */
  held(sha256: string): Buffer | undefined {
    return this.verified.get(sha256);
  }

  /**
   * Keeps a verified file (identified by its SHA-256) and returns the copy to hold. When the
   * process holds it already and `content` came from take(), `content` is spare from now on.
   */
  keep(sha256: string, content: Buffer, taken = false): Buffer {
    const known = this.verified.get(sha256);
    if (!known) {
      this.verified.set(sha256, content);
      return content;
    }
    // Only whole allocations of ours go back (small Buffers are slices of Node's shared pool).
    if (taken && known !== content && content.byteOffset === 0 && content.buffer.byteLength >= SPARE_MIN) this.spare.push(content.buffer as ArrayBuffer);
    return known;
  }
}

/** Smaller allocations are not worth keeping (and Node would slice them from its pool). */
const SPARE_MIN = 64 * 1024;
