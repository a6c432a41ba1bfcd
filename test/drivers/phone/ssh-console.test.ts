// PhoneSshConsole against a virtual phone's SSH console: the lab-style login dialog (data),
// clear errors for a wrong answer / wrong expectation / wrong SSH password that never show a
// password, and follow() across a phone restart with no line lost or duplicated.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoginStep } from '../../../drivers/phone/index.ts';
import { PhoneError, PhoneSshConsole } from '../../../drivers/phone/index.ts';
import { hostKeyCheck } from '../../../drivers/ssh/host-key-check.ts';
import { CONSOLE_PASSWORD, SSH_PASSWORD, SSH_USER, startPhoneLab, until } from './support/phone-lab.ts';
import type { PhoneLab } from './support/phone-lab.ts';
import { phoneStates } from '../../support/phone-states.ts';

// As a lab description writes it (labs/virtual.yaml console.ssh.login), secrets resolved.
const login = (password = CONSOLE_PASSWORD, timeoutMs = 5000): LoginStep[] => [
  { expect: /login:/, send: 'default', timeoutMs },
  { expect: /password:/, secret: password, timeoutMs },
];

describe('drivers/phone PhoneSshConsole (virtual phone)', function () {
  let lab: PhoneLab;
  let dir: string;

  before(async function () {
    lab = await startPhoneLab([{ host: 51 }, { host: 52, logFiles: 4, logFileBytes: 4096 }]);
    dir = await mkdtemp(join(tmpdir(), 'pfslab-ssh-'));
  });
  // A failed test shows what the phones said and served at that moment: a console that
  // refuses connections is explained by the phone's own log (a service that failed to start,
  // a reboot), which nothing else prints.
  afterEach(function () {
    if (this.currentTest?.state !== 'failed' || !lab) return;
    process.stdout.write(phoneStates(lab.phones));
  });
  after(async function () {
    await lab?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const consoleOf = (i: number, o: { password?: string; steps?: LoginStep[]; failure?: RegExp } = {}) => {
    const p = lab.phones[i]!;
    return new PhoneSshConsole(
      { name: p.name, ip: p.spec.ip, user: SSH_USER, password: o.password ?? SSH_PASSWORD },
      { dialect: { login: o.steps ?? login(), prompt: /\$ $/, failure: o.failure } },
    );
  };

  it("host key: an unknown phone is refused before any password is sent; pinned, it connects; first use is logged and recorded", async function () {
    const p = lab.phones[0]!;
    const make = (spec: Parameters<typeof hostKeyCheck>[2], log: (l: string) => void = () => undefined) =>
      new PhoneSshConsole(
        { name: p.name, ip: p.spec.ip, user: SSH_USER, password: SSH_PASSWORD, hostKeyCheck: hostKeyCheck(p.spec.ip, 22, spec, `phone ${p.name}`, 'phones[0].console.ssh.hostKey', { log, home: dir }) },
        { dialect: { login: login(), prompt: /\$ $/ } },
      );
    // Default: ~/.ssh/known_hosts (here: an empty home), the phone unknown.
    const err = await make(undefined).open().then(
      () => assert.fail('connected to an unknown host'),
      (e: unknown) => e as Error,
    );
    assert.ok(err instanceof PhoneError);
    assert.match(err.message, /host key SHA256:\S+ refused: 127\.79\.1\.51 is not in .*known_hosts/);
    assert.ok(!err.message.includes(SSH_PASSWORD));
    // First use, opted in: logged, recorded, then the recorded key is what is checked.
    const logged: string[] = [];
    const knownHosts = join(dir, 'phones_known_hosts');
    const first = await make({ acceptNew: true, insecure: false, knownHosts }, (l) => logged.push(l)).open();
    first.close();
    assert.match(logged.join('\n'), /first use: trusted host key SHA256:\S+ and recorded it in .*phones_known_hosts/);
    const fingerprint = /SHA256:\S+/.exec(logged.join('\n'))![0];
    const again = await make({ acceptNew: false, insecure: false, knownHosts }).open();
    again.close();
    const pinned = await make({ fingerprint, acceptNew: false, insecure: false }).open();
    pinned.close();
    await assert.rejects(make({ fingerprint: `SHA256:${'B'.repeat(43)}`, acceptNew: false, insecure: false }).open(), /pins phones\[0\]\.console\.ssh\.hostKey\.fingerprint to another key/);
  });

  it('logs in through the dialog and reads the whole console log', async function () {
    const records = await consoleOf(0).showLog();
    assert.deepEqual(
      records,
      lab.written[0]!.map((l) => l.replace(/\n$/, '')),
    );
  });

  it('a wrong answer is reported at the step it answered when the dialect knows the refusal, never with the password', async function () {
    const err = await consoleOf(0, { steps: login('wrong-answer-123'), failure: /Login incorrect/ }).open().then(
      () => assert.fail('logged in with a wrong answer'),
      (e: unknown) => e as Error,
    );
    assert.ok(err instanceof PhoneError);
    assert.match(err.message, /^phone SEP0250F5B10033 \(127\.79\.1\.51:22\): login dialog step 2: the phone refused the answer \(\/Login incorrect\/\), got ".*Login incorrect/);
    assert.ok(!err.message.includes('wrong-answer-123'));
  });

  it('without a refusal pattern, a wrong answer fails at the prompt step with what the phone said, never the password', async function () {
    const err = await consoleOf(0, { steps: login('wrong-answer-123', 500) }).open().then(
      () => assert.fail('logged in with a wrong answer'),
      (e: unknown) => e as Error,
    );
    assert.ok(err instanceof PhoneError);
    assert.match(err.message, /^phone SEP0250F5B10033 \(127\.79\.1\.51:22\): login dialog step 3 \(prompt\): expected \/\\\$ \$\/ within 500 ms, got ".*Login incorrect/);
    assert.ok(!err.message.includes('wrong-answer-123'));
    assert.ok(!err.message.includes(CONSOLE_PASSWORD));
  });

  it('an unexpected prompt names the step, the pattern and the time', async function () {
    const steps: LoginStep[] = [{ expect: /Username:/, send: 'default', timeoutMs: 300 }];
    await assert.rejects(consoleOf(0, { steps }).open(), /login dialog step 1: expected \/Username:\/ within 300 ms, got "login: "$/);
  });

  it('a refused SSH password names the phone and the user, not the password', async function () {
    const err = await consoleOf(0, { password: 'not-the-password' }).open().then(
      () => assert.fail('authenticated with a wrong password'),
      (e: unknown) => e as Error,
    );
    assert.match(err.message, /^phone SEP0250F5B10033 \(127\.79\.1\.51:22\): SSH authentication as pfslab: password refused$/);
  });

  it('follows the live log into a file and, after the phone restarts, resumes without losing or duplicating a line', async function () {
    const phone = lab.phones[1]!;
    const file = join(dir, `${phone.name}.live.log`);
    const events: string[] = [];
    const follower = await consoleOf(1).follow(file, { retryMs: 100, onEvent: (e) => events.push(e.kind) });
    const all = () => lab.written[1]!.join('');
    const caughtUp = (what: string) => until(async () => (await readFile(file, 'latin1')) === all(), 30_000, what);
    for (let i = 0; i < 50; i++) phone.log('INF', 'Test', `before restart ${i}`);
    await caughtUp('the first lines');
    // Drop: the phone loses power (every socket closes at once), writes at boot, comes back.
    phone.powerOff();
    for (let i = 0; i < 20; i++) phone.log('INF', 'Test', `while off ${i}`);
    phone.powerOn();
    await phone.waitFor('running', 30_000);
    await until(() => follower.connections >= 2, 30_000, 'a reconnection');
    for (let i = 0; i < 50; i++) phone.log('INF', 'Test', `after restart ${i}`);
    await caughtUp('the lines after the restart');
    await follower.stop();
    assert.equal(await readFile(file, 'latin1'), all());
    assert.deepEqual(follower.gaps, []);
    assert.ok(events.includes('dropped'));
  });
});
