// A TFTP server on 127.0.0.1 and a free port, serving one SCCP41 load and a few small files.
import type { TftpServer, TftpServerOptions } from '../../../../labs/virtual/tftp/server.ts';
import { startTftpServer } from '../../../../labs/virtual/tftp/server.ts';
import { CompositeStore } from '../../../../labs/virtual/tftp/stores/composite-store.ts';
import { FirmwareStore } from '../../../../labs/virtual/tftp/stores/firmware-store.ts';
import { MemoryStore } from '../../../../labs/virtual/tftp/stores/memory-store.ts';
import type { TransferRecord } from '../../../../labs/virtual/tftp/transfer-record.ts';

export const SCCP41_FILES = [
  { name: 'jar41sccp.9-4-2ES26.sbn', size: 1_630_052 },
  { name: 'cnu41.9-4-2ES26.sbn', size: 556_833 },
  { name: 'apps41.9-4-2ES26.sbn', size: 3_157_527 },
  { name: 'dsp41.9-4-2ES26.sbn', size: 562_693 },
  { name: 'cvm41sccp.9-4-2ES26.sbn', size: 2_219_477 },
] as const;
export const APPS = SCCP41_FILES[2];
export const CONFIG_NAME = 'SEP001122334455.cnf.xml';
export const CONFIG_TEXT = '<?xml version="1.0"?>\n<device>\n<loadInformation>SCCP41.9-4-2SR2-2S</loadInformation>\r\n</device>\n';
/** Three blocks at blksize 512: 512, 512 and 100 bytes. */
export const SMALL = { name: 'small.bin', size: 1124 };
/** More than 65535 blocks at blksize 8: the block number rolls over. */
export const ROLLOVER = { name: 'rollover.bin', size: 65_540 * 8 + 5 };

export interface Fixture {
  server: TftpServer;
  port: number;
  firmware: FirmwareStore;
  memory: MemoryStore;
  log: string[];
  /** The record of a transfer once it has ended (now or later). */
  ended(match: (r: TransferRecord) => boolean): Promise<TransferRecord>;
}

export async function startFixture(opts: Partial<TftpServerOptions> & { writable?: boolean } = {}): Promise<Fixture> {
  const firmware = new FirmwareStore([...SCCP41_FILES, SMALL, ROLLOVER]);
  const memory = new MemoryStore({ writable: opts.writable });
  memory.put(CONFIG_NAME, CONFIG_TEXT);
  const log: string[] = [];
  const server = await startTftpServer({ address: '127.0.0.1', port: 0, store: new CompositeStore([memory, firmware]), log: (l) => log.push(l), ...opts });
  const ended = (match: (r: TransferRecord) => boolean) =>
    new Promise<TransferRecord>((resolve) => {
      const done = server.transfers().find((r) => r.outcome !== 'in-progress' && match(r));
      if (done) return resolve(done);
      const listener = (r: TransferRecord) => {
        if (!match(r)) return;
        server.off('transfer-end', listener);
        resolve(structuredClone(r));
      };
      server.on('transfer-end', listener);
    });
  return { server, port: server.address().port, firmware, memory, log, ended };
}
