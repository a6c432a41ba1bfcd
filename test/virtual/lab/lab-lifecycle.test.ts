// `pfslab lab up --detach` -> the lab answers over its real protocols from the root
// namespace (HTTPS, HTTP, SNMP with snmpget/snmpset, TFTP with tftp-hpa, tcpdump in a
// subnet namespace) -> `lab status` -> `lab down` leaves nothing; then a controller killed
// with -9 is cleaned up by `lab down`; loopback mode too. Needs root (CI runs as root).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runLabDown } from '../../../harness/run/commands/lab-down.ts';
import { runLabStatus } from '../../../harness/run/commands/lab-status.ts';
import { runLabUp } from '../../../harness/run/commands/lab-up.ts';
import type { LabState } from '../../../labs/virtual/lab/index.ts';
import { httpGet, isAlive, readState } from '../../../labs/virtual/lab/index.ts';
import { removeNetwork } from '../../../labs/virtual/network/index.ts';
import { loadLab } from '../../../harness/lab/index.ts';
import { phoneDriversFromLab } from '../../../drivers/phone/index.ts';
import {
  captureIo,
  CUCM_PASSWORD,
  eventually,
  FIXTURE,
  FIXTURE_SECRETS,
  namespacesWithPrefix,
  PREFIX,
  READ_COMMUNITY,
  ROOT_NEEDED,
  run,
  tempDir,
  TRANSFER_CIDR,
  WRITE_COMMUNITY,
} from './support/lab-run.ts';

const SYS_NAME = '1.3.6.1.2.1.1.5.0';
/** pethPsePortAdminEnable.<group>.<port> */
const ADMIN_ENABLE = '1.3.6.1.2.1.105.1.1.1.3';

describe('pfslab lab up / status / down', function () {
  // lab up --detach returns once the lab health check passes: the phones have booted, done
  // their upgrade and stayed quiet (5 s); on a busy machine that is more than a minute.
  this.timeout(240_000);
  let dir: string;
  let stateFile: string;

  const up = async (): Promise<LabState> => {
    const out = captureIo();
    const code = await runLabUp({ lab: FIXTURE, detach: true, prefix: PREFIX, transferCidr: TRANSFER_CIDR, state: stateFile }, out.io);
    assert.equal(code, 0, out.text());
    const state = await readState(stateFile);
    assert.ok(state?.endpoints, 'state file with endpoints');
    return state;
  };

  const assertNothingLeft = async (state: LabState) => {
    assert.deepEqual(await namespacesWithPrefix(PREFIX), [], 'no namespace of the test prefix');
    for (const pid of [state.controllerPid, ...state.children.map((c) => c.pid)]) {
      await eventually(() => Promise.resolve(assert.equal(isAlive(pid), false, `pid ${pid} still alive`)), 10_000);
    }
    assert.equal(existsSync(stateFile), false, 'no state file');
  };

  /** Find and List Phones, as a person sees it (curl with a session cookie): device name -> status. */
  const cucmRegistrations = async (): Promise<Map<string, string>> => {
    const jar = path.join(dir, 'cookies');
    const base = 'https://10.251.0.10/ccmadmin/';
    await run('curl', ['-sk', '-c', jar, '-b', jar, '-o', '/dev/null', `${base}showHome.do`]);
    await run('curl', ['-sk', '-c', jar, '-b', jar, '-o', '/dev/null', '-d', `j_username=lab-admin&j_password=${CUCM_PASSWORD}`, `${base}j_security_check`]);
    const page = await run('curl', ['-sk', '-b', jar, `${base}phoneFindList.do?searchField0=name&searchLimit0=begins&searchString0=&findButton=Find`]);
    const rows = new Map<string, string>();
    // The name cell (a link after the checkbox and the icon), then the rest of the row.
    for (const m of page.matchAll(/<td headers="Device Name\(Line\)"><a[^>]*>(SEP[0-9A-F]{12})<\/a><\/td>(.*?)<\/tr>/gs)) {
      rows.set(m[1] ?? '', /Unregistered/.test(m[2] ?? '') ? 'Unregistered' : (/Registered with [0-9.]+/.exec(m[2] ?? '')?.[0] ?? '?'));
    }
    return rows;
  };

  before(function () {
    assert.equal(process.getuid?.(), 0, ROOT_NEEDED);
    dir = tempDir();
    stateFile = path.join(dir, 'lab-state.json');
  });

  after(async function () {
    await runLabDown({ state: stateFile }, captureIo().io).catch(() => undefined);
    await removeNetwork(PREFIX, ['hq', 'branch']);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('a running lab', function () {
    let state: LabState;
    before(async function () {
      state = await up();
    });

    it('writes endpoints, and no secret, to the state file, the output and the log', function () {
      const e = state.endpoints!;
      assert.equal(state.mode, 'netns');
      assert.equal(e.cucm.admin, 'https://10.251.0.10/');
      assert.equal(e.tftp.address, '10.251.0.11');
      assert.deepEqual(e.switches.map((s) => `${s.address}:${s.port}`), ['10.251.1.2:161']);
      assert.deepEqual(e.phones.map((p) => p.web), ['http://10.251.1.21/', 'http://10.251.1.22/', 'http://10.251.1.23/']);
      assert.ok(e.captures.some((c) => c.command === `ip netns exec ${PREFIX}branch tcpdump -i br0`));
      // This host as the lab reaches it (the phones' Log Server): the root end of the transfer link.
      assert.equal(e.harness?.address, TRANSFER_CIDR.replace(/\.0\/\d+$/, '.1'));
      const texts = [readFileSync(stateFile, 'utf8'), readFileSync(path.join(dir, 'lab.log'), 'utf8')];
      for (const text of texts) for (const secret of FIXTURE_SECRETS) assert.ok(!text.includes(secret), `${secret} leaked`);
    });

    it('serves the CUCM login page over HTTPS', async function () {
      const page = await httpGet(`${state.endpoints!.cucm.admin}ccmadmin/showHome.do`);
      assert.equal(page.status, 200);
      assert.match(page.body, /j_security_check/);
    });

    it("serves a phone's /DeviceInformationX through the route from the root namespace", async function () {
      const page = await eventually(() => httpGet('http://10.251.1.21/DeviceInformationX'));
      assert.equal(page.status, 200);
      assert.match(page.body, /<HostName>SEP0250F5C30001<\/HostName>/);
    });

    it('answers snmpget of sysName', async function () {
      const out = await run('snmpget', ['-v2c', '-c', READ_COMMUNITY, '-Oqv', '10.251.1.2', SYS_NAME]);
      assert.equal(out.trim().replace(/"/g, ''), 'poe');
    });

    it('powers a phone off and on with snmpset of pethPsePortAdminEnable (CUCM sees it unregister and register)', async function () {
      const url = 'http://10.251.1.23/DeviceInformationX';
      await eventually(() => httpGet(url));
      await run('snmpset', ['-v2c', '-c', WRITE_COMMUNITY, '10.251.1.2', `${ADMIN_ENABLE}.1.3`, 'i', '2']);
      await eventually(async () => {
        const answered = await httpGet(url, 1000).then(
          () => true,
          () => false,
        );
        assert.equal(answered, false, 'the unpowered phone still answers');
      });
      // The lab bus also tells CUCM: Find and List Phones shows the phone unregistered.
      await eventually(async () => assert.equal((await cucmRegistrations()).get('SEP0250F5C30003'), 'Unregistered'), 10_000);
      await run('snmpset', ['-v2c', '-c', WRITE_COMMUNITY, '10.251.1.2', `${ADMIN_ENABLE}.1.3`, 'i', '1']);
      const page = await eventually(() => httpGet(url, 1000));
      assert.match(page.body, /SEP0250F5C30003/);
      await eventually(async () => assert.match((await cucmRegistrations()).get('SEP0250F5C30003') ?? '', /^Registered with 10\.251\.0\.10/), 10_000);
    });

    it("lets the phone driver log in over SSH with the lab's user, password and login dialog", async function () {
      const lab = await loadLab(FIXTURE);
      const phone = lab.spec.phones.find((p) => p.name === 'SEP0250F5C30001');
      assert.ok(phone);
      const { ssh } = await phoneDriversFromLab(phone, { kind: 'virtual' });
      assert.ok(ssh, 'the fixture gives the phone an SSH console');
      // CUCM pushed the lab's SSH user and password with SSH Access on; the phone's shell shows its log.
      const lines = await eventually(() => ssh.showLog());
      assert.ok(lines.some((l) => /Power on: CP-7961G SEP0250F5C30001/.test(l)), lines.slice(0, 5).join('\n'));
    });

    it("serves a phone's SEP<MAC>.cnf.xml to Debian's tftp client", async function () {
      await run('tftp', ['10.251.0.11', '-c', 'get', 'SEP0250F5C30002.cnf.xml'], { cwd: dir });
      const xml = readFileSync(path.join(dir, 'SEP0250F5C30002.cnf.xml'), 'utf8');
      assert.match(xml, /<device[\s>]/);
      assert.match(xml, /<loadInformation>SCCP41\.9-4-2SR2-2S<\/loadInformation>/);
    });

    it('lets tcpdump in the branch namespace see the traffic', async function () {
      const tcpdump = spawn('ip', ['netns', 'exec', `${PREFIX}branch`, 'tcpdump', '-i', 'br0', '-n', '-l', '-c', '2', 'tcp port 80'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        let stdout = '';
        tcpdump.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        const done = new Promise<number | null>((resolve) => tcpdump.once('exit', resolve));
        await new Promise<void>((resolve) => tcpdump.stderr.on('data', (c: Buffer) => c.toString().includes('listening on') && resolve()));
        await eventually(async () => {
          await httpGet('http://10.251.1.22/DeviceInformationX', 1000);
          assert.ok(stdout.split('\n').filter((l) => l.includes('10.251.1.22')).length >= 2);
        }, 15_000);
        assert.equal(await done, 0);
      } finally {
        tcpdump.kill();
      }
    });

    it("carries CUCM's reset of a phone (AXL resetPhone) over the lab bus: the phone reboots", async function () {
      const envelope =
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.cisco.com/AXL/API/10.5">' +
        '<soapenv:Body><ns:resetPhone><name>SEP0250F5C30001</name></ns:resetPhone></soapenv:Body></soapenv:Envelope>';
      const reply = await run('curl', [
        '-sk', '-u', `lab-admin:${CUCM_PASSWORD}`, '-H', 'Content-Type: text/xml', '-H', 'SOAPAction: "CUCM:DB ver=10.5 resetPhone"',
        '--data-binary', envelope, `${state.endpoints!.cucm.axl}`,
      ]);
      assert.match(reply, /resetPhoneResponse/);
      const log = path.join(dir, 'lab.log');
      await eventually(() => Promise.resolve(assert.match(readFileSync(log, 'utf8'), /bus: cucm reset SEP0250F5C30001 -> power cycle/)), 10_000);
      await eventually(() => Promise.resolve(assert.match(readFileSync(log, 'utf8'), /bus: cucm reset SEP0250F5C30001[^]*SEP0250F5C30001: running/)), 30_000);
      await eventually(() => httpGet('http://10.251.1.21/DeviceInformationX', 1000));
    });

    it('reports every endpoint up with lab status (exit 0)', async function () {
      const out = captureIo();
      const code = await runLabStatus({ state: stateFile }, out.io);
      assert.equal(code, 0, out.text());
      assert.match(out.text(), /snmp poe\s+10\.251\.1\.2:161\s+ok\s+sysName poe/);
    });

    it('leaves nothing after lab down', async function () {
      const out = captureIo();
      assert.equal(await runLabDown({ state: stateFile }, out.io), 0, out.text());
      await assertNothingLeft(state);
      const status = captureIo();
      assert.equal(await runLabStatus({ state: stateFile }, status.io), 3, status.text());
    });
  });

  it('runs in loopback mode too (127.x addresses, nothing created)', async function () {
    const out = captureIo();
    const code = await runLabUp({ lab: FIXTURE, detach: true, loopback: true, prefix: PREFIX, transferCidr: TRANSFER_CIDR, state: stateFile }, out.io);
    assert.equal(code, 0, out.text());
    const state = (await readState(stateFile))!;
    assert.equal(state.mode, 'loopback');
    assert.deepEqual(await namespacesWithPrefix(PREFIX), []);
    const page = await httpGet(`${state.endpoints!.cucm.admin}ccmadmin/showHome.do`);
    assert.equal(page.status, 200);
    assert.match(state.endpoints!.cucm.admin, /^https:\/\/127\./);
    assert.equal(state.endpoints!.harness?.address, '127.0.0.1');
    await eventually(() => httpGet(`${state.endpoints!.phones[0]!.web!}DeviceInformationX`, 1000));
    assert.equal(await runLabDown({ state: stateFile }, captureIo().io), 0);
    await assertNothingLeft(state);
  });

  it('cleans up after a controller killed with -9', async function () {
    const state = await up();
    process.kill(state.controllerPid, 'SIGKILL');
    await eventually(() => Promise.resolve(assert.equal(isAlive(state.controllerPid), false)), 10_000);
    const status = captureIo();
    assert.equal(await runLabStatus({ state: stateFile }, status.io), 3, status.text());
    const out = captureIo();
    assert.equal(await runLabDown({ state: stateFile }, out.io), 0, out.text());
    await assertNothingLeft(state);
    // Idempotent: a second down finds nothing and succeeds.
    assert.equal(await runLabDown({ state: stateFile }, captureIo().io), 0);
  });
});
