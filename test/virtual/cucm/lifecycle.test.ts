// Starting and stopping: the login gate without a browser, and close() leaving nothing open
// (no listening socket, no connection, no pending bulk work) even mid-job and with
// keep-alive connections.

import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Agent } from 'node:https';
import { axlPost } from './support/axl-client.ts';
import { ADMIN, startTestCucm } from './support/test-cucm.ts';
import { webLogin, webRequest } from './support/web-client.ts';

// Sockets, servers and queued work. (Timers are left out: mocha keeps its own per test.)
const HANDLE_KINDS = new Set(['TCPServerWrap', 'TCPSocketWrap', 'TLSWrap', 'Immediate']);

function openHandles(): string[] {
  return process.getActiveResourcesInfo().filter((k) => HANDLE_KINDS.has(k));
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

const fleet = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `SEP0250F5${(0xb00000 + i).toString(16).toUpperCase()}`, model: 'CP-7961G' }));

describe('virtual CUCM: lifecycle and login gate', function () {
  it('sends a request without a session to the login page, remembering where it went', async function () {
    const t = await startTestCucm();
    try {
      const first = await webRequest(t.cucm, '/ccmadmin/phoneFindList.do?searchString0=SEP');
      assert.equal(first.status, 302);
      assert.equal(first.location, '/ccmadmin/showHome.do');
      const pre = first.setCookie.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('JSESSIONID=')) ?? '';
      const login = await webRequest(t.cucm, '/ccmadmin/j_security_check', { form: { j_username: ADMIN.name, j_password: ADMIN.password }, cookie: pre });
      assert.equal(login.location, '/ccmadmin/phoneFindList.do?searchString0=SEP');
      assert.ok(!login.setCookie.some((c) => c.includes(pre)), 'a new session id after login');
      const root = await webRequest(t.cucm, '/');
      assert.equal(root.location, '/ccmadmin/showHome.do');
      const axlGet = await axlPost(t.cucm, 'getPhone', '', { rawBody: '' });
      assert.equal(axlGet.status, 500, 'an empty POST is a fault, not a crash');
    } finally {
      await t.cucm.close();
    }
  });

  it('close() leaves nothing open, even with keep-alive connections and a bulk job running', async function () {
    const before = openHandles();
    const t = await startTestCucm({ phones: fleet(1000) });
    const port = Number(new URL(t.cucm.url).port);
    const agent = new Agent({ keepAlive: true, ca: t.cucm.certificatePem });
    await axlPost(t.cucm, 'getPhone', '<name>SEP0250F5B00000</name>', { agent });
    const cookie = await webLogin(t.cucm, ADMIN.name, ADMIN.password);
    const submit = await webRequest(t.cucm, '/ccmadmin/bulkphoneupdateEdit.do', {
      form: { searchField0: 'name', searchLimit0: 'begins', searchString0: 'SEP', 'productSpecific[0].update': 'on', 'productSpecific[0].value': '1', deviceaction: 'apply', runimmediately: 'true' },
      cookie,
    });
    assert.equal(submit.status, 303);
    await t.cucm.close();
    agent.destroy();
    const job = t.cucm.state().bulkJobs[0];
    assert.ok(job && job.processed < job.total, 'the job was still running at close');
    // Destroyed sockets finish closing on the next turns of the event loop.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(openHandles(), before);
    assert.equal(await refused(port), true, 'nothing listens any more');
    await t.cucm.close(); // a second close is harmless
  });
});
