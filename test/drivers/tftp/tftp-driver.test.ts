// The TFTP driver (config file, .loads inventory, errors) against the virtual TFTP server
// and Debian's tftpd-hpa serving the same files from a directory.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TftpDriver } from '../../../drivers/tftp/driver.ts';
import { buildLoadsFile } from '../../../harness/formats/loads-file.ts';
import { secretRegistry } from '../../../harness/lab/index.ts';
import type { TftpServer } from '../../../labs/virtual/tftp/index.ts';
import { MemoryStore, startTftpServer } from '../../../labs/virtual/tftp/index.ts';
import { COMPONENTS, componentBytes, configFileXml, DEVICE, LOAD_ID, SSH_PASSWORD } from './support/fixtures.ts';

const TFTPD = '/usr/sbin/in.tftpd';

function checks(server: () => TftpDriver): void {
  it('reads SEP<MAC>.cnf.xml and parses the effective PFS setting, load, SSH and web access', async function () {
    const cfg = await server().phoneConfig(DEVICE);
    assert.equal(cfg.file, `${DEVICE}.cnf.xml`);
    assert.equal(cfg.loadInformation, LOAD_ID);
    assert.equal(cfg.peerFirmwareSharing, true);
    assert.equal(cfg.peerFirmwareSharingSource, 'vendorConfig');
    assert.equal(cfg.sshAccess, true);
    assert.equal(cfg.webAccess, false);
    assert.equal(cfg.sshUserId, 'pfslab');
    assert.equal(cfg.logServer, '10.10.0.99');
    assert.deepEqual(cfg.callManagers, ['10.10.0.10']);
    assert.equal(cfg.deviceProtocol, 'SCCP');
    // Unknown elements are kept.
    assert.equal(cfg.vendorConfig.someFutureSetting, '42');
    assert.equal(cfg.raw['device.devicePool.name'], 'Default');
    // CUCM writes the SSH password in clear: it is registered for redaction when read.
    assert.ok(!secretRegistry.redact(`x ${SSH_PASSWORD} y`).includes(SSH_PASSWORD));
  });

  it('reads a .loads manifest and builds the load inventory with component sizes (tsize)', async function () {
    const inventory = await server().loadInventory([LOAD_ID]);
    const load = inventory.get('CP-7961G');
    assert.deepEqual(load, { id: LOAD_ID, files: COMPONENTS });
    assert.equal(inventory.get('CP-7941G'), load);
    assert.equal(inventory.get('CP-7965G'), undefined);
  });

  it('names the server and the file when a file is missing', async function () {
    const d = server();
    await assert.rejects(d.phoneConfig('SEP0250F5C1FFFF'), (e: Error) => e.message.startsWith(`TFTP ${d.t.server}`) && e.message.includes('SEP0250F5C1FFFF.cnf.xml'));
  });
}

describe('drivers/tftp TftpDriver', function () {
  describe('against the virtual TFTP server', function () {
    let tftp: TftpServer;
    before(async function () {
      const files = new MemoryStore();
      files.put(`${DEVICE}.cnf.xml`, configFileXml('1'));
      files.put(`${LOAD_ID}.loads`, buildLoadsFile({ id: LOAD_ID, components: COMPONENTS.map((c) => c.name) }));
      COMPONENTS.forEach((c, i) => files.put(c.name, componentBytes(c.size, i)));
      tftp = await startTftpServer({ address: '127.79.0.21', port: 0, store: files });
    });
    after(async function () {
      await tftp?.close();
    });
    checks(() => TftpDriver.fromLab({ tftp: { server: '127.79.0.21', port: tftp.address().port } }, { timeoutMs: 500, retries: 2 }));
  });

  describe("against Debian's tftpd-hpa", function () {
    let dir: string;
    let proc: ChildProcess | undefined;
    let port = 0;
    before(async function () {
      if (!existsSync(TFTPD)) throw new Error(`${TFTPD} is missing: run npm run setup`);
      dir = await mkdtemp(join(tmpdir(), 'pfslab-tftpd-'));
      await writeFile(join(dir, `${DEVICE}.cnf.xml`), configFileXml('1'));
      await writeFile(join(dir, `${LOAD_ID}.loads`), buildLoadsFile({ id: LOAD_ID, components: COMPONENTS.map((c) => c.name) }));
      for (const [i, c] of COMPONENTS.entries()) await writeFile(join(dir, c.name), componentBytes(c.size, i));
      // tftpd-hpa drops to an unprivileged user: the directory must be readable by it.
      await chmod(dir, 0o755);
      port = await freeUdpPort('127.79.0.22');
      proc = spawn(TFTPD, ['-L', '-s', dir, '-a', `127.79.0.22:${port}`, '-u', 'nobody'], {
        stdio: ['ignore', 'ignore', 'pipe'],
        // Its own process group: in.tftpd forks a child per transfer, and the after hook
        // ends the group, so no transfer child outlives the test.
        detached: true,
      });
      let stderr = '';
      proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      // Ready once it answers: poll with the driver itself.
      const d = new TftpDriver({ server: '127.79.0.22', port, timeoutMs: 200, retries: 1 });
      for (let i = 0; ; i++) {
        try {
          await d.read(`${DEVICE}.cnf.xml`);
          break;
        } catch (e) {
          if (proc.exitCode !== null || i > 50) throw new Error(`in.tftpd did not start: ${stderr || (e as Error).message}`);
        }
      }
    });
    after(async function () {
      const pid = proc?.pid;
      if (proc && pid !== undefined && proc.exitCode === null) {
        const exited = new Promise((r) => proc?.once('exit', r));
        process.kill(-pid, 'SIGTERM');
        await exited;
      }
      if (dir) await rm(dir, { recursive: true, force: true });
    });
    checks(() => new TftpDriver({ server: '127.79.0.22', port, timeoutMs: 500, retries: 2 }));
  });
});

function freeUdpPort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, address, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
