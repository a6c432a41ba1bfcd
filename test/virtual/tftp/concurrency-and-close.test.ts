// Many phones at once, each on its own address, and a server that leaves nothing behind
// when closed.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RawTftpClient } from './support/raw-client.ts';
import { download } from './support/download.ts';
import { SCCP41_FILES, SMALL, startFixture } from './support/fixture.ts';

/** Handles of the kinds a TFTP server holds (sockets, timers), counted by kind. */
function handles(): Record<string, number> {
  const count: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) if (kind === 'UDPWrap' || kind === 'Timeout') count[kind] = (count[kind] ?? 0) + 1;
  return count;
}

describe('TFTP server under load, and closing', function () {
  this.timeout(120_000);

  it('serves 50 concurrent clients, each on its own address, the right bytes each', async () => {
    const fx = await startFixture({ timeoutMs: 2000 });
    try {
      const plans = Array.from({ length: 50 }, (_, i) => {
        const file = SCCP41_FILES[i % SCCP41_FILES.length] ?? SCCP41_FILES[0];
        const options: [string, string][][] = [[], [['blksize', '1428'], ['windowsize', '8']], [['blksize', '1024'], ['tsize', '0']], [['windowsize', '3']]];
        return { address: `127.0.1.${i + 1}`, file, options: options[i % options.length] ?? [] };
      });
      const results = await Promise.all(plans.map((p) => download({ port: fx.port, file: p.file.name, options: p.options, bindAddress: p.address, keep: false })));
      results.forEach((got, i) => {
        const plan = plans[i];
        assert.ok(plan);
        assert.equal(got.size, plan.file.size, plan.address);
        assert.equal(got.sha256, fx.firmware.checksum(plan.file.name), `${plan.address} got the wrong bytes of ${plan.file.name}`);
      });
      // A client is done once its last ACK is sent; the server, once that ACK arrived.
      await Promise.all(plans.map((p) => fx.ended((r) => r.clientAddress === p.address)));
      const records = fx.server.transfers();
      assert.equal(records.length, 50);
      assert.ok(records.every((r) => r.outcome === 'complete'));
      const byClient = fx.server.bytesByClient();
      assert.equal(byClient.size, 50);
      for (const plan of plans) {
        const sentTo = records.filter((r) => r.clientAddress === plan.address).reduce((n, r) => n + r.bytesSent, 0);
        assert.equal(byClient.get(plan.address), sentTo);
        assert.ok(sentTo >= plan.file.size);
      }
      assert.equal(new Set(records.map((r) => r.serverPort)).size, 50, 'every transfer had its own port');
    } finally {
      await fx.server.close();
    }
  });

  it('close() aborts running transfers, tells their clients, and leaves no socket or timer', async () => {
    // Baseline after one turn: mocha arms its own test timer once the test has started.
    await new Promise((resolve) => setImmediate(resolve));
    const before = handles();
    const fx = await startFixture({ timeoutMs: 30_000 });
    const client = await RawTftpClient.open();
    try {
      await client.rrq(fx.port, SMALL.name);
      const d1 = await client.next();
      assert.equal(d1.packet.op, 'data');
      const during = handles();
      assert.ok((during.UDPWrap ?? 0) >= (before.UDPWrap ?? 0) + 3, `listening + transfer + client sockets: ${JSON.stringify(during)}`);
      await fx.server.close();
      assert.deepEqual((await client.next()).packet, { op: 'error', code: 0, message: 'server shutting down' });
      assert.equal(fx.server.transfers()[0]?.outcome, 'aborted');
    } finally {
      await client.close();
    }
    // libuv releases a closed socket's handle in a later turn of the loop: give it a few.
    // "No more than before" per kind: another suite's timer may expire meanwhile.
    const settled = () => Object.entries(handles()).every(([kind, n]) => n <= (before[kind] ?? 0));
    for (let turn = 0; turn < 100 && !settled(); turn++) await new Promise((resolve) => setTimeout(resolve, 1));
    assert.ok(settled(), `left behind: ${JSON.stringify(handles())}, before: ${JSON.stringify(before)}`);
  });

  it('a process that starts, uses and closes the server exits by itself', async () => {
    const script = fileURLToPath(new URL('./support/start-use-close.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    // Guard only: a handle left open keeps the child alive and this fails instead of hanging.
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    clearTimeout(guard);
    assert.equal(code, 0, `child did not exit cleanly by itself:\n${output}`);
    assert.match(output, /downloaded 1124 bytes; closed/);
  });
});
