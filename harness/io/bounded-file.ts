// The one way pfslab reads a whole file into memory: only a regular file, and only up to a
// size that fits what the file is (a .loads manifest is a few KiB, a lab file well under a
// MiB). Anything else is refused with a message that names the file and says why, before
// a byte is read:
//  - a FIFO, device, socket or directory: `/dev/zero` as a loadsFile once grew `lab
//    validate` to 20 GB, and a FIFO without a writer blocked it forever. The file is opened
//    with O_NONBLOCK, so opening a FIFO returns at once instead of waiting for a writer;
//    the kind is then read from the open descriptor (no stat-then-open race).
//  - a regular file larger than its kind's bound (checked on fstat, and again while
//    reading, for files such as /proc's that report size 0 or grow meanwhile).
// Captures are not read through here: they are streamed (harness/evidence/pcap/source.ts).
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Stats } from 'node:fs';

/** What a file is for, and so how large it may be. */
export const INPUT_LIMITS = {
  'lab file': 1024 * 1024,
  '.loads file': 64 * 1024,
  'secret file': 64 * 1024,
  'secrets file (PFSLAB_SECRETS)': 1024 * 1024,
  'CA certificate file': 1024 * 1024,
  'known_hosts file': 4 * 1024 * 1024,
  'lab state file': 4 * 1024 * 1024,
  // A 79xx keeps a few log files of a few hundred KiB; a whole day of a chatty phone
  // stays far below this.
  'console log': 64 * 1024 * 1024,
} as const;

export type InputKind = keyof typeof INPUT_LIMITS;

/** A file pfslab will not read, and why (the message names the file; never its content). */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
  constructor(
    readonly file: string,
    readonly kind: InputKind,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${reason}`, options);
  }
}

/** What a non-regular file is, in words. */
export function fileKindName(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isFile()) return 'a regular file';
  return 'not a regular file';
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(0)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
}

/** Reads a whole regular file of the given kind, or throws InputFileError. */
export async function readBoundedFile(file: string, kind: InputKind, limit: number = INPUT_LIMITS[kind]): Promise<Buffer> {
  let fh;
  try {
    fh = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new InputFileError(file, kind, `cannot read the ${kind} (${code})`, { cause: e });
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new InputFileError(file, kind, `is ${fileKindName(st)}; the ${kind} must be a regular file`);
    if (st.size > limit) throw new InputFileError(file, kind, `is ${st.size} bytes; a ${kind} is at most ${sizeText(limit)}`);
    // Read up to one byte past the bound: a file that reported a small size (/proc) or grew
    // since fstat is refused too, without ever holding more than limit + 1 bytes.
    let buf = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(st.size + 1, 64 * 1024)));
    let total = 0;
    for (;;) {
      if (total === buf.length) {
        if (total > limit) throw new InputFileError(file, kind, `is more than ${sizeText(limit)}; a ${kind} is at most that`);
        const wider = Buffer.allocUnsafe(Math.min(limit + 1, buf.length * 2));
        buf.copy(wider, 0, 0, total);
        buf = wider;
      }
      const { bytesRead } = await fh.read(buf, total, buf.length - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    return buf.subarray(0, total);
  } catch (e) {
    if (e instanceof InputFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new InputFileError(file, kind, `cannot read the ${kind} (${code})`, { cause: e });
  } finally {
    await fh.close();
  }
}

/** readBoundedFile as UTF-8 text. */
export async function readBoundedText(file: string, kind: InputKind, limit?: number): Promise<string> {
  return (await readBoundedFile(file, kind, limit)).toString('utf8');
}
