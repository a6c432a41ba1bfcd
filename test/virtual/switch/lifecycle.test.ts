// Starting and stopping the virtual switch: options it cannot serve are refused before any
// socket opens, port 0 gets a free port, a taken port is reported, and close() leaves no
// socket or timer behind.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import * as snmp from 'net-snmp';
import { startPoeSwitch } from '../../../labs/virtual/switch/index.ts';
import type { PoeSwitchOptions } from '../../../labs/virtual/switch/index.ts';
import { SYSTEM } from '../../../harness/formats/snmp/oids.ts';
import { labSwitchOptions, LAB_PORTS, startLabSwitch } from './lab-switch.ts';

interface LiveHandles {
  sockets: number;
  timers: number;
}

/** Sockets and timers that would keep the process alive. */
function liveHandles(): LiveHandles {
  const kinds = process.getActiveResourcesInfo();
  return { sockets: kinds.filter((k) => k === 'UDPWrap').length, timers: kinds.filter((k) => k === 'Timeout').length };
}

/**
 * The live handles once the loop has turned twice: mocha arms a test's timeout timer only
 * after the test function first yields, and a closed socket is released in a later phase.
 */
async function settledHandles(): Promise<LiveHandles> {
  await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
  return liveHandles();
}

/** Nothing more is alive than before (an earlier test's timer may have ended meanwhile). */
function assertNothingLeft(before: LiveHandles): void {
  const now = liveHandles();
  assert.ok(now.sockets <= before.sockets, `UDP sockets: ${before.sockets} before, ${now.sockets} after`);
  assert.ok(now.timers <= before.timers, `timers: ${before.timers} before, ${now.timers} after`);
}

describe('virtual PoE switch: lifecycle', function () {
  describe('options it cannot serve are refused before anything is opened', function () {
    const cases: [string, Partial<PoeSwitchOptions>, RegExp][] = [
      ['no ports', { ports: [] }, /no ports/],
      ['a port listed twice', { ports: [LAB_PORTS[0], LAB_PORTS[0]].flatMap((p) => (p ? [p] : [])) }, /listed twice/],
      ['an ifIndex used twice', { ports: LAB_PORTS.map((p) => ({ ...p, ifIndex: 7 })) }, /ifIndex 7 is used by another port/],
      ['a power class above 4', { ports: [{ group: 1, port: 1, ifIndex: 1, ifName: 'Gi1/0/1', powerClass: 5 }] }, /powerClass must be 0..4/],
      ['a group of 0', { ports: [{ group: 0, port: 1, ifIndex: 1, ifName: 'Gi0/1' }] }, /group must be an integer >= 1/],
      ['nobody allowed in', { v2c: undefined, v3: [] }, /nobody could reach the agent/],
      ['a v3 key shorter than 8', { v3: [{ user: 'u', level: 'authNoPriv', authProtocol: 'sha', authKey: 'short', write: false }] }, /authKey must be at least 8/],
      ['authPriv without a privacy protocol', { v3: [{ user: 'u', level: 'authPriv', authProtocol: 'sha', authKey: 'long-enough', privKey: 'long-enough', write: true }] }, /needs privProtocol/],
      ['a negative detection delay', { detectDelayMs: -1 }, /detectDelayMs/],
    ];
    for (const [what, overrides, reason] of cases) {
      it(what, async function () {
        const before = await settledHandles();
        await assert.rejects(startPoeSwitch(labSwitchOptions(overrides)), reason);
        assertNothingLeft(before);
      });
    }
  });

  it('listens on a free port when asked for port 0, and reports it', async function () {
    const sw = await startLabSwitch();
    try {
      assert.equal(sw.address, '127.0.0.1');
      assert.ok(sw.port > 0 && sw.port !== 161, `port ${sw.port}`);
    } finally {
      await sw.close();
    }
  });

  it('reports a port that is taken, and leaves nothing open', async function () {
    const squatter = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => squatter.bind(0, '127.0.0.1', resolve));
    try {
      const taken = squatter.address().port;
      const before = await settledHandles();
      await assert.rejects(startLabSwitch({ port: taken }), new RegExp(`cannot listen on 127\\.0\\.0\\.1:${taken}.*EADDRINUSE`));
      assertNothingLeft(before);
    } finally {
      await new Promise<void>((resolve) => squatter.close(resolve));
    }
  });

  it('close() releases the socket and pending detections; the port can be taken again', async function () {
    const before = await settledHandles();
    const sw = await startLabSwitch({ detectDelayMs: 3_600_000 });
    const port = sw.port;
    // Leave a detection pending: an hour-long timer the switch must cancel.
    sw.setPower(1, 1, false);
    sw.setPower(1, 1, true);
    assert.equal(sw.detection(1, 1), 'searching');
    await sw.close();
    await sw.close(); // idempotent
    assertNothingLeft(before);

    const again = await startLabSwitch({ port });
    assert.equal(again.port, port);
    await again.close();
  });

  it('logs what it does without ever writing a community or a key', async function () {
    const lines: string[] = [];
    const sw = await startLabSwitch({ log: (line) => lines.push(line) });
    sw.setPower(1, 2, false);
    // A mistyped community is as secret as the right one: the drop is logged, the string is not.
    const session = snmp.createSession(sw.address, 'lab-writ', { port: sw.port, version: snmp.Version2c, timeout: 300, retries: 0 });
    await new Promise<void>((resolve) => session.get([SYSTEM.sysName + '.0'], () => resolve()));
    session.close();
    await sw.close();
    const text = lines.join('\n');
    assert.match(text, /Gi1\/0\/2 \(1\/2\) power off/);
    assert.match(text, /dropped a request from 127\.0\.0\.1/);
    for (const secret of ['lab-read', 'lab-write', 'lab-writ', 'admin-auth-key', 'admin-priv-key']) assert.ok(!text.includes(secret), secret);
  });
});
