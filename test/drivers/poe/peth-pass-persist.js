// A writable POWER-ETHERNET-MIB pethPsePortTable for Debian's snmpd, as a pass_persist
// handler (snmpd.conf(5), "pass_persist"): snmpd forwards every request under
// 1.3.6.1.2.1.105.1.1.1 to this process on stdin and relays its answers. It serves group 1,
// ports 1..PORTS (argv[2]), columns AdminEnable (.3, read-write), DetectionStatus (.6,
// following AdminEnable: disabled, then searching for DETECT_MS (argv[3]) and
// deliveringPower, except on the EMPTY port (argv[4]) which has no device and keeps
// searching) and PowerClassifications (.10, class2). Plain JS so snmpd can run it with node.
import readline from 'node:readline';
import { appendFileSync } from 'node:fs';

const ENTRY = '.1.3.6.1.2.1.105.1.1.1';
const PORTS = Number(process.argv[2] ?? 8);
const DETECT_MS = Number(process.argv[3] ?? 50);
const EMPTY = Number(process.argv[4] ?? 0);
const ADMIN = 3;
const DETECTION = 6;
const CLASSIFICATIONS = 10;
const COLUMNS = [ADMIN, DETECTION, CLASSIFICATIONS];

// Per port: AdminEnable true(1)/false(2), and when it last became true (0: long ago).
const admin = new Map();
const enabledAt = new Map();
for (let p = 1; p <= PORTS; p++) {
  admin.set(p, 1);
  enabledAt.set(p, 0);
}

function detection(port) {
  if (admin.get(port) !== 1) return 1; // disabled
  if (port === EMPTY || Date.now() - enabledAt.get(port) < DETECT_MS) return 2; // searching
  return 3; // deliveringPower
}

function value(column, port) {
  if (column === ADMIN) return admin.get(port);
  if (column === DETECTION) return detection(port);
  return port === EMPTY || detection(port) !== 3 ? 1 : 3; // class0(1) unless powered; class2(3)
}

// Every instance, in lexicographic OID order: column-major, then port.
const instances = COLUMNS.flatMap((column) => Array.from({ length: PORTS }, (_, i) => ({ column, port: i + 1, oid: `${ENTRY}.${column}.1.${i + 1}` })));

function parse(oid) {
  if (!oid.startsWith(`${ENTRY}.`)) return undefined;
  const parts = oid.slice(ENTRY.length + 1).split('.').map(Number);
  if (parts.length !== 3 || !COLUMNS.includes(parts[0]) || parts[1] !== 1 || !admin.has(parts[2])) return undefined;
  return { column: parts[0], port: parts[2] };
}

function compareOids(a, b) {
  const x = a.split('.').filter(Boolean).map(Number);
  const y = b.split('.').filter(Boolean).map(Number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

function answer(found) {
  return found === undefined ? ['NONE'] : [found.oid, 'integer', String(value(found.column, found.port))];
}

function get(oid) {
  const cell = parse(oid);
  return answer(cell && { ...cell, oid });
}

function getNext(oid) {
  return answer(instances.find((i) => compareOids(i.oid, oid) > 0));
}

function set(oid, typeAndValue) {
  const cell = parse(oid);
  if (cell === undefined) return ['not-writable'];
  if (cell.column !== ADMIN) return ['not-writable'];
  const [type, text] = typeAndValue.split(' ');
  if (type !== 'integer') return ['wrong-type'];
  const v = Number(text);
  if (v !== 1 && v !== 2) return ['wrong-value'];
  if (v === 1 && admin.get(cell.port) !== 1) enabledAt.set(cell.port, Date.now());
  admin.set(cell.port, v);
  return ['DONE'];
}

// snmpd speaks in commands of one to three lines: PING | get/getnext + OID | set + OID + "TYPE VALUE".
const pending = [];
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  if (process.env.PETH_PASS_LOG) appendFileSync(process.env.PETH_PASS_LOG, JSON.stringify(line) + '\n');
  // snmpd follows a set's value with an empty line; answering it would put every later
  // answer one behind (snmpd then restarts the handler, losing its state).
  if (pending.length === 0 && line.trim() === '') return;
  pending.push(line.trim());
  const command = pending[0];
  const needed = command === 'set' ? 3 : command === 'get' || command === 'getnext' ? 2 : 1;
  if (pending.length < needed) return;
  const [, oid, typed] = pending.splice(0, needed);
  let out;
  if (command === 'PING') out = ['PONG'];
  else if (command === 'get') out = get(oid);
  else if (command === 'getnext') out = getNext(oid);
  else if (command === 'set') out = set(oid, typed);
  else out = ['NONE'];
  process.stdout.write(out.join('\n') + '\n');
});
rl.on('close', () => process.exit(0));
