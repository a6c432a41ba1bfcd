// A bring-up in a process of its own, for the crash-recovery test to kill -9: brings the
// test lab up (salt = argv[2], the test's pid = argv[3]), says "up", then waits to be killed.

import { up } from '../../../labs/virtual/network/index.ts';
import { testPlan } from './test-lab.ts';

const plan = await testPlan(Number(process.argv[2] ?? 0), {}, Number(process.argv[3] ?? process.pid));
await up(plan, { mode: 'netns' });
process.stdout.write('up\n');
setInterval(() => undefined, 60_000);
