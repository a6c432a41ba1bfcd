// How fast the virtual PoE switch takes SETs, and how long a 48-port power cycle takes
// when all 48 ports are cycled in parallel, as the PoE driver will do it: 48 concurrent
// SETs of pethPsePortAdminEnable false(2) from net-snmp's client, then 48 concurrent SETs
// of true(1), then GETs of pethPsePortDetectionStatus until every port reads
// deliveringPower(3). detectDelayMs is 0, so what is measured is the agent and the UDP
// round trips, not a modelled detection time; no hold is included.
// Run: npx tsx bench/switch/set-rate.ts [rounds]
import { performance } from 'node:perf_hooks';
import * as snmp from 'net-snmp';
import { startPoeSwitch, switchOids as O } from '../../labs/virtual/switch/index.ts';
import type { PoeSwitch } from '../../labs/virtual/switch/index.ts';

const PORTS = 48;
const rounds = Number(process.argv[2] ?? 20);
const WRITE = 'bench-write';
const V3_USER: snmp.User = {
  name: 'bench-admin',
  level: snmp.SecurityLevel.authPriv,
  authProtocol: snmp.AuthProtocols.sha,
  authKey: 'bench-auth-key',
  privProtocol: snmp.PrivProtocols.aes,
  privKey: 'bench-priv-key',
};

const portNumbers = Array.from({ length: PORTS }, (_, i) => i + 1);
const adminEnable = (port: number): string => O.cellOid(O.PETH_PSE_PORT_ENTRY, O.PethPsePortColumn.pethPsePortAdminEnable, 1, port);
const detection = (port: number): string => O.cellOid(O.PETH_PSE_PORT_ENTRY, O.PethPsePortColumn.pethPsePortDetectionStatus, 1, port);

function setOne(session: snmp.Session, oid: string, value: number): Promise<void> {
  return new Promise((resolve, reject) => {
    session.set([{ oid, type: snmp.ObjectType.Integer, value }], (error) => (error === null ? resolve() : reject(error)));
  });
}

function getOne(session: snmp.Session, oid: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    session.get([oid], (error, varbinds) => (error === null ? resolve(varbinds?.[0]?.value) : reject(error)));
  });
}

/** Sets every port's AdminEnable at once; returns the milliseconds until the last answer. */
async function setAll(session: snmp.Session, value: number): Promise<number> {
  const start = performance.now();
  await Promise.all(portNumbers.map((p) => setOne(session, adminEnable(p), value)));
  return performance.now() - start;
}

/** Polls every port's DetectionStatus at once until all read deliveringPower; returns the polls made. */
async function untilAllDelivering(session: snmp.Session): Promise<number> {
  for (let polls = 1; ; polls++) {
    const states = await Promise.all(portNumbers.map((p) => getOne(session, detection(p))));
    if (states.every((s) => s === 3)) return polls;
  }
}

interface Round {
  offMs: number;
  onMs: number;
  onToAllDeliveringMs: number;
  polls: number;
}

async function cycle(session: snmp.Session): Promise<Round> {
  const offMs = await setAll(session, 2);
  const onStart = performance.now();
  const onMs = await setAll(session, 1);
  const polls = await untilAllDelivering(session);
  return { offMs, onMs, onToAllDeliveringMs: performance.now() - onStart, polls };
}

function stats(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const f = (n: number): string => n.toFixed(1);
  return `median ${f(median)}  (min ${f(sorted[0] ?? 0)}, max ${f(sorted.at(-1) ?? 0)})`;
}

async function measure(name: string, sw: PoeSwitch, session: snmp.Session): Promise<void> {
  let events = 0;
  const count = (): void => {
    events++;
  };
  sw.on('power', count);
  await cycle(session); // warm-up: v3 discovery, JIT
  events = 0;
  const results: Round[] = [];
  for (let i = 0; i < rounds; i++) results.push(await cycle(session));
  sw.off('power', count);
  const setsPerSecond = results.flatMap((r) => [PORTS / (r.offMs / 1000), PORTS / (r.onMs / 1000)]);
  console.log(`${name}: ${rounds} power cycles of ${PORTS} ports in parallel`);
  console.log(`  SETs/s (48 concurrent SETs)          ${stats(setsPerSecond)}`);
  console.log(`  48 SETs off, last answer (ms)        ${stats(results.map((r) => r.offMs))}`);
  console.log(`  48 SETs on, last answer (ms)         ${stats(results.map((r) => r.onMs))}`);
  console.log(`  on SETs -> all 48 delivering (ms)    ${stats(results.map((r) => r.onToAllDeliveringMs))}  [polls: ${stats(results.map((r) => r.polls))}]`);
  console.log(`  'power' events seen                  ${events} (expected ${2 * PORTS * rounds})`);
}

const sw = await startPoeSwitch({
  address: '127.0.0.1',
  port: 0,
  ports: portNumbers.map((n) => ({ group: 1, port: n, ifIndex: 10100 + n, ifName: `Gi1/0/${n}`, device: true })),
  v2c: { readCommunity: 'bench-read', writeCommunity: WRITE },
  v3: [{ user: V3_USER.name, level: 'authPriv', authProtocol: 'sha', authKey: 'bench-auth-key', privProtocol: 'aes', privKey: 'bench-priv-key', write: true }],
  detectDelayMs: 0,
});
const v2cSession = snmp.createSession(sw.address, WRITE, { port: sw.port, version: snmp.Version2c, timeout: 2000, retries: 1 });
const v3Session = snmp.createV3Session(sw.address, V3_USER, { port: sw.port, timeout: 2000, retries: 1 });
try {
  await measure('v2c', sw, v2cSession);
  await measure('v3 authPriv SHA/AES', sw, v3Session);
} finally {
  v2cSession.close();
  v3Session.close();
  await sw.close();
}
