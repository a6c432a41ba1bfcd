// The WAN relay alone, on loopback addresses (no root): delay each way, loss, order.

import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { startWanRelay } from '../../../labs/virtual/network/wan-relay.ts';

const RELAY = '127.0.0.2';
const PEER = '127.0.0.3';

function socketOn(port: number): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket('udp4');
    s.once('error', reject);
    s.bind(port, PEER, () => resolve(s));
  });
}

async function relayRun(lossPercent: number, oneWayDelayMs: number, count: number) {
  const [branchSidePort, hqSidePort] = [40000 + (process.pid % 10_000), 50000 + (process.pid % 10_000)];
  const stop = await startWanRelay({ namespace: 'unused', listenAddress: RELAY, peerAddress: PEER, branchSidePort, hqSidePort, oneWayDelayMs, lossPercent });
  // The router-side VXLAN socket sends from and listens on branchSidePort; the HQ side on hqSidePort.
  const routerSide = await socketOn(branchSidePort);
  const hqSide = await socketOn(hqSidePort);
  const arrived: { n: number; at: number }[] = [];
  hqSide.on('message', (m) => arrived.push({ n: m.readUInt32BE(8), at: performance.now() }));
  const sentAt = performance.now();
  for (let i = 0; i < count; i++) {
    const frame = Buffer.alloc(64);
    frame.writeUInt32BE(i, 8);
    routerSide.send(frame, branchSidePort, RELAY);
  }
  await new Promise((r) => setTimeout(r, oneWayDelayMs + 300));
  stop();
  routerSide.close();
  hqSide.close();
  return { arrived, sentAt };
}

describe('virtual network: WAN relay', function () {
  it('holds every frame for the one-way delay and keeps their order', async function () {
    const { arrived, sentAt } = await relayRun(0, 60, 50);
    assert.equal(arrived.length, 50);
    assert.deepEqual(
      arrived.map((a) => a.n),
      Array.from({ length: 50 }, (_, i) => i),
    );
    for (const a of arrived) assert.ok(a.at - sentAt >= 59, `a frame arrived after ${a.at - sentAt} ms`);
  });

  it('drops lossPercent of the frames', async function () {
    assert.equal((await relayRun(100, 1, 50)).arrived.length, 0);
    const some = (await relayRun(50, 1, 400)).arrived.length;
    assert.ok(some > 100 && some < 300, `${some} of 400 frames crossed a 50% loss`);
  });
});
