// What the TFTP server serves from. Reads are by offset so that a multi-MB firmware file is
// never materialised per client; stores whose content is generated compute just the range.
// Synchronous on purpose: every store here answers from memory or from a pure function, and
// a block read on the hot path should not cost a promise per packet.

export interface TftpStore {
  /** Size in bytes, or undefined when the store has no such file. */
  stat(name: string): number | undefined;
  /** Bytes [offset, offset + length) of the file, clipped to its end. */
  read(name: string, offset: number, length: number): Buffer;
  /** Present only on stores that accept uploads (WRQ); called once with the whole file. */
  write?(name: string, content: Buffer): void;
}
