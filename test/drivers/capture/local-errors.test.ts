// Start failures on this host: tcpdump's own complaint is quoted and the capture point
// named; nothing is left running.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { captureDriver, CaptureDriverError, runningCaptures } from '../../../drivers/capture/index.ts';
import { captureTmpDir } from '../../support/capture-tmp.ts';
import { captureSpec } from './support/specs.ts';
import { requireRoot, requireTools } from './support/tools.ts';

describe('capture driver: local start failures', function () {
  const tmp = captureTmpDir('pfslab-capdrv-err-');
  before(function () {
    requireTools('tcpdump');
    requireRoot();
  });
  after(function () {
    tmp.remove();
  });

  async function startError(entry: Record<string, unknown>, ctx: Record<string, unknown> = {}, filter?: string): Promise<CaptureDriverError> {
    const driver = captureDriver(captureSpec(entry), { evidenceDir: tmp.dir, ...ctx });
    const e = await driver.start(filter !== undefined ? { filter } : {}).then(
      () => assert.fail('start should have failed'),
      (err: unknown) => err,
    );
    assert.ok(e instanceof CaptureDriverError, String(e));
    assert.deepEqual(runningCaptures(), []);
    // No PID file left: nothing for a later run to chase.
    assert.deepEqual(readdirSync(tmp.dir).filter((f) => f.endsWith('.pid')), []);
    return e;
  }

  it('a missing interface: tcpdump\'s message and the capture point', async function () {
    const e = await startError({ name: 'span', local: { interface: 'pfsnosuch0' } });
    assert.match(e.message, /^capture 'span' \(local interface pfsnosuch0\): tcpdump failed to start/);
    assert.match(e.message, /pfsnosuch0: No such device exists/);
  });

  it('a bad filter: tcpdump\'s parse error', async function () {
    const e = await startError({ name: 'span', local: { interface: 'lo' } }, {}, 'udp port (');
    assert.match(e.message, /capture 'span' \(local interface lo\)/);
    assert.match(e.message, /can't parse filter expression: syntax error/);
  });

  it('tcpdump never saying "listening on": killed at the deadline', async function () {
    // Stands in for a tcpdump hanging on a dead interface or a stuck driver.
    const fake = tmp.file('silent-tcpdump');
    writeFileSync(fake, '#!/bin/sh\necho "tcpdump: warming up" >&2\nexec sleep 60\n');
    chmodSync(fake, 0o755);
    const e = await startError({ name: 'span', local: { interface: 'lo' } }, { tcpdump: fake, listenTimeoutMs: 300 });
    assert.match(e.message, /did not report "listening on" within 300 ms \(killed it\); it said: tcpdump: warming up/);
  });

  it('no tcpdump at all: says how to get it', async function () {
    const e = await startError({ name: 'span', local: { interface: 'lo' } }, { tcpdump: tmp.file('no-such-tcpdump') });
    assert.match(e.message, /command not found .*npm run setup/);
    assert.equal(existsSync(tmp.file('no-such-tcpdump')), false);
  });
});
