// A running virtual phone's web server (port 80: XML and HTML pages, console log files) and
// SSH console (port 22), reached the way the drivers reach a real phone: HTTP requests, and
// a real OpenSSH client (with sshpass) going through the configurable console login.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { XMLParser } from 'fast-xml-parser';
import { parseConsoleLog } from '../../../harness/evidence/console/index.ts';
import type { MiniLab } from './support/mini-lab.ts';
import { startMiniLab } from './support/mini-lab.ts';
import { phoneStates } from '../../support/phone-states.ts';

const SSH_USER = 'pfslab';
const SSH_PASSWORD = 'phone-ssh-secret';
const CONSOLE = { login: [{ prompt: 'login: ', answer: 'default' }, { prompt: 'password: ', answer: 'console-secret', secret: true }], prompt: '$ ' };

async function get(ip: string, path: string): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(`http://${ip}${path}`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

const xml = new XMLParser({ parseTagValue: false });

/** Types each of `keys` in turn (a line is typed with its \r) after the previous had time to be answered. */
function runSsh(ip: string, password: string, keys: readonly string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'sshpass',
      ['-p', password, 'ssh', '-tt', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'ConnectTimeout=10', `${SSH_USER}@${ip}`],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
    // Typed slowly enough that each answer follows its prompt, as a person (or unicon) would.
    let i = 0;
    const next = () => {
      const k = keys[i++];
      if (k === undefined) return void child.stdin.end();
      child.stdin.write(k);
      setTimeout(next, 300);
    };
    setTimeout(next, 1500);
  });
}

describe('virtual phones: web pages and SSH console', function () {
  this.timeout(120_000);
  let lab: MiniLab;

  before(async () => {
    lab = await startMiniLab({
      firstHost: 61,
      phones: [{ model: 'CP-7961G', ssh: true }, { model: 'CP-7961G', faults: ['CSCui49910'] }, { model: 'CP-7961G', pfs: false }],
      sshUser: SSH_USER,
      sshPassword: SSH_PASSWORD,
      consoleLogin: CONSOLE,
    });
    lab.powerOnAll();
    await lab.waitAllRunningNewLoad(90_000);
  });
  after(() => lab?.close());
  // A failed test shows what the phones said and served at that moment (a service that failed
  // to start is in the phone's console log only).
  afterEach(function () {
    if (this.currentTest?.state !== 'failed' || !lab) return;
    process.stdout.write(phoneStates(lab.phones));
  });

  const ip = (i: number) => lab.phones[i]?.spec.ip ?? '';

  it('serves /DeviceInformationX with the running load', async () => {
    const r = await get(ip(0), '/DeviceInformationX');
    assert.equal(r.status, 200);
    assert.match(r.type, /xml/);
    const d = (xml.parse(r.body) as { DeviceInformation: Record<string, string> }).DeviceInformation;
    assert.equal(d.HostName, lab.phones[0]?.name);
    assert.equal(d.MACAddress, lab.phones[0]?.mac);
    assert.equal(d.modelNumber, 'CP-7961G');
    assert.equal(d.versionID, '9-4-2SR2-2S');
    assert.equal(d.appLoadID, 'jar41sccp.9-4-2SR2-2S');
  });

  it('serves /NetworkConfigurationX with addresses, servers and the PFS state', async () => {
    const pages = await Promise.all([0, 2].map((i) => get(ip(i), '/NetworkConfigurationX')));
    const [on, off] = pages.map((r) => (xml.parse(r.body) as { NetworkConfiguration: Record<string, string> }).NetworkConfiguration);
    assert.equal(on?.IPAddress, ip(0));
    assert.equal(on?.SubNetMask, '255.255.255.0');
    assert.equal(on?.TFTPServer1, lab.phones[0]?.spec.tftpServer);
    assert.equal(on?.CallManager1, `${lab.phones[0]?.spec.tftpServer} Active`);
    assert.equal(on?.PeerFirmwareSharing, 'Enabled');
    assert.equal(off?.PeerFirmwareSharing, 'Disabled');
  });

  it('CSCui49910: the phone pages lack the Peer Firmware Sharing entry, nothing else changes', async () => {
    const x = (xml.parse((await get(ip(1), '/NetworkConfigurationX')).body) as { NetworkConfiguration: Record<string, string> }).NetworkConfiguration;
    assert.equal(x.PeerFirmwareSharing, undefined);
    assert.equal(x.IPAddress, ip(1));
    const html = await get(ip(1), '/NetworkConfiguration');
    assert.doesNotMatch(html.body, /Peer Firmware Sharing/);
    assert.match((await get(ip(0), '/NetworkConfiguration')).body, /Peer Firmware Sharing<\/b><\/td><td>Enabled/);
  });

  it('lists the console logs and serves each file, which the project parser reads', async () => {
    const list = await get(ip(0), '/CGI/Java/Serviceability?adapter=device.statistics.consolelog');
    assert.equal(list.status, 200);
    const links = [...list.body.matchAll(/href="(\/FS\/cache\/log\d+\.log)"/g)].map((m) => m[1] ?? '');
    assert.ok(links.length >= 1);
    const texts = await Promise.all(links.map((l) => get(ip(0), l).then((r) => r.body)));
    const log = parseConsoleLog(texts.join(''), 'web');
    assert.equal(log.unreadable.count, 0);
    assert.ok(log.events.some((e) => e.type === 'listening'));
    assert.equal((await get(ip(0), '/FS/cache/log999.log')).status, 404);
  });

  it('serves HTML pages for device information', async () => {
    const r = await get(ip(0), '/DeviceInformation');
    assert.match(r.type, /html/);
    assert.match(r.body, /<td><b>Model Number<\/b><\/td><td>CP-7961G<\/td>/);
  });

  it('lets a real ssh client log in through the console dialog and show the log', async () => {
    const r = await runSsh(ip(0), SSH_PASSWORD, ['default\r', 'console-secret\r', 'show version\r', 'show log\r', 'exit\r']);
    assert.match(r.out, /login: /);
    assert.match(r.out, /password: /);
    assert.doesNotMatch(r.out, /console-secret/, 'the console password is not echoed');
    assert.match(r.out, new RegExp(`CP-7961G ${lab.phones[0]?.name} SCCP41\\.9-4-2SR2-2S`));
    assert.match(r.out, /Listening on peer TCP port 4051/);
  });

  it('refuses a wrong SSH password, and a wrong console password', async () => {
    const bad = await runSsh(ip(0), 'wrong', ['exit\r']);
    assert.equal(bad.code, 5, `sshpass reports a wrong password: ${bad.out}`);
    const r = await runSsh(ip(0), SSH_PASSWORD, ['default\r', 'not-it\r', '\x04']);
    assert.match(r.out, /Login incorrect/);
    assert.doesNotMatch(r.out, /\$ /);
  });

  it('offers no SSH console when sshAccess is off in the config file', async () => {
    const r = await runSsh(ip(1), SSH_PASSWORD, ['exit\r']);
    assert.notEqual(r.code, 0);
    assert.match(r.out, /refused/i);
  });
});
