// What a per-file PFS session needs from its phone, so that the session does not know the
// phone class (and tests can drive it in isolation).
import type { BroadcastPort, NetStack } from '../net-stack.ts';
import type { LogLevel } from '../console-log.ts';
import type { ManifestFile } from '../../tftp/loads-manifest.ts';
import type { PhoneFault } from '../spec.ts';

export interface PfsContext {
  ip: string;
  model: string;
  /** 12 hex digits. */
  mac: string;
  net: NetStack;
  udp: BroadcastPort;
  /** Scaled timer, ms. */
  ms(name: 'advertMs' | 'rootWaitMs' | 'yieldWaitMs' | 'parentSilenceMs' | 'lingerMs' | 'tftpTimeoutMs'): number;
  adverts: number;
  fault(f: PhoneFault): boolean;
  /** True once for a one-shot fault the phone has, false ever after (kept in flash). */
  fireOnce(f: PhoneFault): boolean;
  log(level: LogLevel, text: string): void;
  /** Fetches a file by TFTP; `onData` sees it arrive (for the early-forward fault). */
  tftpFetch(file: string, onData?: (chunk: Buffer) => void): Promise<Buffer>;
  /** Why the content does not match the manifest, or undefined when it does. */
  verify(expected: ManifestFile, content: Buffer): string | undefined;
  /** The same, from a size and a CRC-32 computed while the content arrived. */
  verifyChecksum(expected: ManifestFile, size: number, crc32: number): string | undefined;
  /** A fresh file-descriptor number for the log's fd fields. */
  nextFd(): number;
  /** The phone loses power (the parent-power-loss fault pulls its own plug). */
  powerOff(): void;
  /** Aborted when the phone loses power. */
  signal: AbortSignal;
  /**
   * Keeps a verified file: returns the buffer to hold. Many phones in one process may share
   * one copy of identical content (shared-files.ts); `taken`: content is a receiveBuffer(),
   * which may then go to the next phone.
   */
  keep(sha256: string, content: Buffer, taken?: boolean): Buffer;
  /** The verified copy of a file (by SHA-256) that this phone's process holds, if any (shared-files.ts). */
  held(sha256: string): Buffer | undefined;
  /** A buffer of `bytes` to receive a file in. */
  receiveBuffer(bytes: number): Buffer;
  /** Peer activity: a phone lingering before its reboot waits for quiet. */
  touch(): void;
  /**
   * Phone time in ms (loop-clock.ts): what every wait that decides an election or a
   * hierarchy measures, so that a stalled event loop is not taken for silence.
   */
  now(): number;
}
