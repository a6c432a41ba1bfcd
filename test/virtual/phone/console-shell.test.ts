// The SSH console's shell without SSH: the login dialog as data, and following the log.
import assert from 'node:assert/strict';
import { Duplex } from 'node:stream';
import { ConsoleLog } from '../../../labs/virtual/phone/console-log.ts';
import { runConsoleShell } from '../../../labs/virtual/phone/ssh/console-shell.ts';
import type { PhoneView } from '../../../labs/virtual/phone/web/phone-view.ts';

function terminal(): { stream: Duplex; output: () => string; type: (s: string) => void } {
  let out = '';
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _enc, cb) {
      out += chunk.toString();
      cb();
    },
  });
  return { stream, output: () => out, type: (s) => void stream.push(Buffer.from(s)) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('virtual phone console shell', () => {
  const log = new ConsoleLog(2, 200);
  const view = (): PhoneView => ({ hostName: 'SEP0250F5A10015', mac: '0250F5A10015', model: 'CP-7961G', ip: '127.0.0.1', cidr: '127.0.0.0/8', tftpServer: '127.0.0.2', runningLoad: 'SCCP41.9-4-2SR2-2S', callManagers: [], pfs: true, log });
  const login = [
    { prompt: 'login: ', answer: 'default' },
    { prompt: 'password: ', answer: 'pw', secret: true },
  ];

  it('asks the configured prompts, hides the secret answer, then gives the prompt', async () => {
    const t = terminal();
    runConsoleShell(t.stream, view, login, '$ ');
    t.type('default\r');
    t.type('pw\r');
    await tick();
    assert.equal(t.output(), 'login: default\r\npassword: \r\n$ ');
  });

  it('follows the log until Ctrl-C, then shows the prompt again', async () => {
    const t = terminal();
    runConsoleShell(t.stream, view, [], '$ ');
    t.type('follow log\r');
    await tick();
    log.write('NOT', 'DLoad', 'a new line');
    t.type('\x03');
    await tick();
    log.write('NOT', 'DLoad', 'after ctrl-c');
    assert.match(t.output(), /follow log\r\nNOT \d\d:\d\d:\d\d\.\d{6} DLoad: a new line\r\n\r\n\$ $/);
  });

  it('rotates log files and lists them', async () => {
    for (let i = 0; i < 10; i++) log.write('DBG', 'Main', `filler line ${i} ${'x'.repeat(40)}`);
    assert.equal(log.list().length, 2);
    const t = terminal();
    runConsoleShell(t.stream, view, [], '$ ');
    t.type('ls /FS/cache\r');
    await tick();
    const names = [...t.output().matchAll(/\/FS\/cache\/(log\d+\.log)/g)].map((m) => m[1]);
    assert.deepEqual(names, log.list().map((f) => f.name));
    assert.notEqual(names[0], 'log0.log', 'the oldest file was dropped');
  });
});
