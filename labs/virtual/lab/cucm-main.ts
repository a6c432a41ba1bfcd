// The lab's CUCM process (headquarters, HTTPS). Its configuration files and its phone
// notifications leave on the lab bus: the controller carries them to the TFTP server and
// to the phones, as the cluster's own TFTP service and SCCP would. Phones register (Find and
// List Phones shows their address) when the bus says they run, and unregister when they stop.
import { startCucm } from '../cucm/index.ts';
import { logLine, send, serveDevice } from './child-channel.ts';
import type { CucmInit, Registration } from './messages.ts';

serveDevice<CucmInit>('cucm', async (init) => {
  const cucm = await startCucm({
    ...init.options,
    configSink: {
      writeConfig: (name, xml) => send({ type: 'config', name, xml }),
      notify: (phone, action) => send({ type: 'notify', phone, action }),
    },
    log: logLine('cucm'),
  });
  const url = new URL(cucm.url);
  return {
    address: url.hostname,
    port: Number(url.port),
    close: () => cucm.close(),
    onMessage(m) {
      const r = m as Registration;
      if (r.type === 'registration') cucm.setRegistration(r.phone, r.ip);
    },
  };
});
