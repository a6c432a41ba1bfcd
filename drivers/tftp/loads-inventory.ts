// Builds a LoadInventory (model -> load id and component files with sizes) from the .loads
// manifests on a TFTP server. The manifest is parsed by harness/formats/loads-file.ts; the sizes
// are not in it, so each component's size is asked of the server with the tsize option
// (RFC 2349) and the transfer is abandoned at its first block: a 40 MB load costs a few
// packets, not a download. Servers that do not announce tsize are read in full.
import type { Load, LoadInventory } from '../../harness/formats/load.ts';
import type { LoadsManifest } from '../../harness/formats/loads-file.ts';
import { parseLoadsFile } from '../../harness/formats/loads-file.ts';
import { modelsOfLoadPrefix } from '../../harness/formats/phone-models.ts';
import { tftpGet } from './tftp-client.ts';
import type { TftpGetOptions } from './tftp-client.ts';

export type TftpReadOptions = Pick<TftpGetOptions, 'server' | 'port' | 'timeoutMs' | 'retries' | 'blockSize' | 'localAddress'>;

export async function readLoadsManifest(t: TftpReadOptions, file: string): Promise<LoadsManifest> {
  const { content } = await tftpGet({ ...t, file, maxBytes: 1024 * 1024 });
  return parseLoadsFile(content, file);
}

/** The size of a file on the server, from its tsize announcement (or, failing that, by reading it). */
export async function tftpFileSize(t: TftpReadOptions, file: string): Promise<number> {
  const ac = new AbortController();
  let size: number | undefined;
  try {
    const r = await tftpGet({
      ...t,
      file,
      tsize: true,
      blockSize: t.blockSize ?? 1428,
      signal: ac.signal,
      onData: (_chunk, _so, total) => {
        if (total !== undefined) {
          size = total;
          ac.abort();
        }
      },
    });
    return r.announcedSize ?? r.content.length;
  } catch (e) {
    if (size !== undefined) return size;
    throw e;
  }
}

export interface LoadInventoryOptions {
  /** Ask each component's size (default true); false leaves sizes at 0. */
  sizes?: boolean;
}

/** Reads each <load>.loads and maps every model of its family (SCCP41 -> CP-7941G ...) to it. */
export async function readLoadInventory(t: TftpReadOptions, loadsFiles: readonly string[], o: LoadInventoryOptions = {}): Promise<{ inventory: LoadInventory; manifests: LoadsManifest[] }> {
  const inventory: LoadInventory = new Map();
  const manifests: LoadsManifest[] = [];
  for (const file of loadsFiles) {
    const manifest = await readLoadsManifest(t, file);
    manifests.push(manifest);
    const files = [];
    for (const name of manifest.components) files.push({ name, size: o.sizes === false ? 0 : await tftpFileSize(t, name) });
    const load: Load = { id: manifest.loadId, files };
    const prefix = /^([A-Za-z]+\d\d)\./.exec(manifest.loadId)?.[1] ?? '';
    for (const model of modelsOfLoadPrefix(prefix.toUpperCase())) inventory.set(model, load);
  }
  return { inventory, manifests };
}
