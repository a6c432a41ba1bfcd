// The detached controller (`pfslab lab up --detach`): the same controller as the foreground
// command, in a process of its own whose output goes to the lab log.
//   node --import tsx labs/virtual/lab/controller-main.ts --lab FILE --state FILE [--mode auto|netns|loopback] [--prefix P] [--transfer-cidr C] [--log FILE]
import { parseArgs } from 'node:util';
import type { NetworkMode } from '../network/index.ts';
import { runController } from './controller.ts';

const { values } = parseArgs({
  options: {
    lab: { type: 'string' },
    state: { type: 'string' },
    mode: { type: 'string', default: 'auto' },
    prefix: { type: 'string' },
    'transfer-cidr': { type: 'string' },
    log: { type: 'string' },
  },
});
if (!values.lab || !values.state || !['auto', 'netns', 'loopback'].includes(values.mode)) {
  process.stderr.write('usage: controller-main.ts --lab FILE --state FILE [--mode auto|netns|loopback] [--prefix P] [--transfer-cidr C] [--log FILE]\n');
  process.exit(2);
}
const io = { out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t) };
process.exitCode = await runController(
  {
    labFile: values.lab,
    stateFile: values.state,
    mode: values.mode as NetworkMode | 'auto',
    ...(values.prefix ? { prefix: values.prefix } : {}),
    ...(values['transfer-cidr'] ? { transferCidr: values['transfer-cidr'] } : {}),
    ...(values.log ? { logFile: values.log } : {}),
  },
  io,
);
