// The contract between the chunked reader (reader.ts) and a format's record walker.
import type { CaptureStop } from './types.ts';

export interface RecordParser {
  /**
   * Decodes every whole record in buf[start, end) and returns the offset of the first byte
   * not consumed (the start of a record that continues in the next chunk). `fileOffset` is
   * the file position of buf[start]. Sets `stop` (and returns) on corruption.
   */
  parse(buf: Buffer, start: number, end: number, fileOffset: number): number;
  /** Corruption found: reading ends here. */
  stop: CaptureStop | undefined;
  /** Bytes after `end` to skip without decoding (a record larger than the read window). Reset by the reader. */
  skipBytes: number;
  /**
   * The captured bytes of the packet in that skipped block: the reader counts the frame once
   * the skip has succeeded (input that ends inside the block has no such frame). Reset by the reader.
   */
  skippedFrameBytes: number | undefined;
  /** Describes the incomplete record left at the end of the file. */
  truncatedAt(buf: Buffer, start: number, end: number, fileOffset: number): CaptureStop;
  /** Link types declared by the file (pcap header, pcapng interface blocks). */
  readonly linkTypes: Set<number>;
}

/** Largest record the reader keeps whole across chunk boundaries; larger ones are skipped. */
export const MAX_WINDOW_RECORD = 1024 * 1024;
