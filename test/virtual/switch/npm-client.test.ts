// The virtual switch through net-snmp's own client (npm), which the PoE driver will use:
// GET, SET, a GetBulk walk, errors and timeouts, v2c and v3 (AES and DES privacy).
import assert from 'node:assert/strict';
import * as snmp from 'net-snmp';
import type { PoeSwitch } from '../../../labs/virtual/switch/index.ts';
import { switchOids as O } from '../../../labs/virtual/switch/index.ts';
import type { PowerEvent } from './lab-switch.ts';
import { READ_COMMUNITY, recordPower, startLabSwitch, V3_ADMIN, V3_LEGACY, WRITE_COMMUNITY } from './lab-switch.ts';

const C = O.PethPsePortColumn;
const peth = (column: number, port: number): string => O.cellOid(O.PETH_PSE_PORT_ENTRY, column, 1, port);
const cpeEnable = (port: number): string => O.cellOid(O.CPE_EXT_PSE_PORT_ENTRY, O.CpeExtPsePortColumn.cpeExtPsePortEnable, 1, port);

function get(session: snmp.Session, oids: string[]): Promise<snmp.Varbind[]> {
  return new Promise((resolve, reject) => {
    session.get(oids, (error, varbinds) => (error === null ? resolve(varbinds ?? []) : reject(error)));
  });
}

function set(session: snmp.Session, varbinds: snmp.Varbind[]): Promise<snmp.Varbind[]> {
  return new Promise((resolve, reject) => {
    session.set(varbinds, (error, out) => (error === null ? resolve(out ?? []) : reject(error)));
  });
}

function subtree(session: snmp.Session, oid: string): Promise<snmp.Varbind[]> {
  const all: snmp.Varbind[] = [];
  return new Promise((resolve, reject) => {
    session.subtree(
      oid,
      20,
      (varbinds) => {
        all.push(...varbinds);
      },
      (error) => (error === null ? resolve(all) : reject(error)),
    );
  });
}

const integer = (oid: string, value: number): snmp.Varbind => ({ oid, type: snmp.ObjectType.Integer, value });

describe('virtual PoE switch: net-snmp client (npm)', function () {
  let sw: PoeSwitch;
  let events: PowerEvent[];
  const sessions: snmp.Session[] = [];

  function v2cSession(community: string, timeout = 2000): snmp.Session {
    const s = snmp.createSession(sw.address, community, { port: sw.port, version: snmp.Version2c, timeout, retries: 0 });
    sessions.push(s);
    return s;
  }

  function v3Session(user: snmp.User): snmp.Session {
    const s = snmp.createV3Session(sw.address, user, { port: sw.port, timeout: 2000, retries: 0 });
    sessions.push(s);
    return s;
  }

  beforeEach(async function () {
    sw = await startLabSwitch();
    events = recordPower(sw);
  });
  afterEach(async function () {
    for (const s of sessions.splice(0)) s.close();
    await sw.close();
  });

  it('GETs the detection status of every port', async function () {
    const varbinds = await get(v2cSession(READ_COMMUNITY), [1, 2, 3, 4].map((p) => peth(C.pethPsePortDetectionStatus, p)));
    assert.deepEqual(varbinds.map((vb) => vb.value), [3, 3, 3, 2]);
  });

  it('SETs AdminEnable off and on, with the power events in between', async function () {
    const session = v2cSession(WRITE_COMMUNITY);
    const [echo] = await set(session, [integer(peth(C.pethPsePortAdminEnable, 1), 2)]);
    assert.equal(echo?.value, 2);
    assert.deepEqual(events.map((e) => [e.port.ifName, e.on]), [['Gi1/0/1', false]]);
    assert.deepEqual((await get(session, [peth(C.pethPsePortDetectionStatus, 1)])).map((vb) => vb.value), [1]);
    await set(session, [integer(peth(C.pethPsePortAdminEnable, 1), 1)]);
    assert.deepEqual(events.map((e) => e.on), [false, true]);
  });

  it('walks pethPsePortTable with GetBulk: 8 readable columns of 4 rows', async function () {
    const varbinds = await subtree(v2cSession(READ_COMMUNITY), O.PETH_PSE_PORT_ENTRY);
    assert.equal(varbinds.length, 8 * 4);
    assert.ok(varbinds.every((vb) => !snmp.isVarbindError(vb)));
  });

  it('reports the SNMP error status of a refused SET', async function () {
    await assert.rejects(set(v2cSession(READ_COMMUNITY), [integer(peth(C.pethPsePortAdminEnable, 1), 2)]), (error: Error & { status?: number }) => {
      assert.equal(error.status, snmp.ErrorStatus.NoAccess);
      return true;
    });
    await assert.rejects(set(v2cSession(WRITE_COMMUNITY), [integer(cpeEnable(1), 7)]), (error: Error & { status?: number }) => {
      assert.equal(error.status, snmp.ErrorStatus.WrongValue);
      return true;
    });
    assert.deepEqual(events, []);
  });

  it('times out on a wrong community', async function () {
    await assert.rejects(get(v2cSession('wrong-community', 300), [O.scalarOid(O.SYSTEM.sysName)]), { name: 'RequestTimedOutError' });
  });

  it('speaks v3 authPriv with SHA/AES and with MD5/DES', async function () {
    const admin = v3Session({
      name: V3_ADMIN.user,
      level: snmp.SecurityLevel.authPriv,
      authProtocol: snmp.AuthProtocols.sha,
      authKey: V3_ADMIN.authKey,
      privProtocol: snmp.PrivProtocols.aes,
      privKey: V3_ADMIN.privKey,
    });
    await set(admin, [integer(cpeEnable(2), 4)]);
    assert.deepEqual(events.map((e) => [e.port.port, e.on]), [[2, false]]);

    const legacy = v3Session({
      name: V3_LEGACY.user,
      level: snmp.SecurityLevel.authPriv,
      authProtocol: snmp.AuthProtocols.md5,
      authKey: V3_LEGACY.authKey,
      privProtocol: snmp.PrivProtocols.des,
      privKey: V3_LEGACY.privKey,
    });
    const [status] = await get(legacy, [peth(C.pethPsePortDetectionStatus, 2)]);
    assert.equal(status?.value, 1);
  });
});
