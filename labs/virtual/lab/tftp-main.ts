// The lab's TFTP server process (headquarters): the firmware loads, and the configuration
// files CUCM writes, which arrive as 'put' messages on the lab bus.
import { CompositeStore, FirmwareStore, MemoryStore, publishLoads, startTftpServer } from '../tftp/index.ts';
import { logLine, serveDevice } from './child-channel.ts';
import type { PutFile, TftpInit } from './messages.ts';

serveDevice<TftpInit>('tftp', async (init) => {
  const firmware = new FirmwareStore();
  const files = new MemoryStore();
  publishLoads(init.loads, { firmware, files, scale: init.sizeScale });
  const log = logLine('tftp');
  const server = await startTftpServer({ address: init.address, port: init.port, store: new CompositeStore([files, firmware]), log });
  return {
    address: server.address().address,
    port: server.address().port,
    close: () => server.close(),
    onMessage(m) {
      const put = m as PutFile;
      if (put.type === 'put') files.put(put.name, put.content);
    },
  };
});
