// The SSH console's shell: the configurable login dialog (prompts and answers are data,
// matching the lab description's console.ssh.login), then a prompt with commands to show
// and follow the console log. Pure line handling over a duplex stream, so it can be
// tested without SSH.
import type { Duplex } from 'node:stream';
import type { ConsoleLoginStep } from '../spec.ts';
import type { PhoneView } from '../web/phone-view.ts';

const HELP = [
  'Commands:',
  '  show log            print the console log (all kept files, oldest first)',
  '  show log <N>        print /FS/cache/log<N>.log',
  '  ls /FS/cache        list the console log files',
  '  follow log          print new console log lines as they are written (Ctrl-C stops)',
  '  show version        model, host name and running load',
  '  exit                close the session',
];

export function runConsoleShell(stream: Duplex, view: () => PhoneView, login: readonly ConsoleLoginStep[], prompt: string): void {
  const out = (s: string) => stream.write(s.replace(/\n/g, '\r\n'));
  let step = 0;
  let line = '';
  let stopFollow: (() => void) | undefined;
  let failures = 0;

  const ask = () => {
    const s = login[step];
    if (s) out(s.prompt);
    else out(prompt);
  };

  const onLine = (text: string) => {
    const s = login[step];
    if (s) {
      if (text === s.answer) step++;
      else {
        out('Login incorrect\n');
        step = 0;
        if (++failures >= 3) return void stream.end();
      }
      return ask();
    }
    run(text.trim());
  };

  const run = (cmd: string) => {
    const v = view();
    const showN = /^show log (\d+)$/.exec(cmd)?.[1];
    if (cmd === '') {
      // nothing
    } else if (cmd === 'help' || cmd === '?') out(`${HELP.join('\n')}\n`);
    else if (cmd === 'show log') out(v.log.all());
    else if (showN !== undefined) {
      const f = v.log.get(`log${showN}.log`);
      out(f ? f.text : `no such file: /FS/cache/log${showN}.log\n`);
    } else if (cmd === 'ls /FS/cache' || cmd === 'ls') out(`${v.log.list().map((f) => `/FS/cache/${f.name} ${f.text.length}`).join('\n')}\n`);
    else if (cmd === 'show version') out(`${v.model} ${v.hostName} ${v.runningLoad}\n`);
    else if (cmd === 'follow log') {
      stopFollow = v.log.follow((l) => out(l));
      return;
    } else if (cmd === 'exit' || cmd === 'logout') return void stream.end();
    else out(`${cmd.split(' ')[0]}: unknown command (try help)\n`);
    out(prompt);
  };

  stream.on('data', (d: Buffer) => {
    for (const ch of d.toString('latin1')) {
      if (ch === '\x03') {
        if (stopFollow) {
          stopFollow();
          stopFollow = undefined;
          out('\n');
        }
        line = '';
        ask();
      } else if (ch === '\x04' && line === '') return void stream.end();
      else if (stopFollow) continue;
      else if (ch === '\r' || ch === '\n') {
        if (ch === '\n' && line === '' && lastWasCr) continue;
        out('\n');
        const text = line;
        line = '';
        onLine(text);
      } else if (ch === '\x7f' || ch === '\b') {
        if (line.length > 0) {
          line = line.slice(0, -1);
          if (!login[step]?.secret) out('\b \b');
        }
      } else if (ch >= ' ') {
        line += ch;
        if (!login[step]?.secret) out(ch);
      }
      lastWasCr = ch === '\r';
    }
  });
  let lastWasCr = false;
  stream.on('close', () => stopFollow?.());
  ask();
}
