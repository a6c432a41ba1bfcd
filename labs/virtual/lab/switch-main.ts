// The lab's PoE switch process (branch, SNMP). A port's power change leaves on the lab bus:
// the controller powers the phone on that port off at once, or boots it.
import { startPoeSwitch } from '../switch/index.ts';
import { logLine, send, serveDevice } from './child-channel.ts';
import type { SwitchInit } from './messages.ts';

serveDevice<SwitchInit>('switch', async (init) => {
  const sw = await startPoeSwitch({ ...init.options, log: logLine(`switch ${init.options.name ?? ''}`.trim()) });
  sw.on('power', ({ group, port, ifName }, on) => send({ type: 'power', group, port, ifName, on }));
  return { address: sw.address, port: sw.port, close: () => sw.close() };
});
