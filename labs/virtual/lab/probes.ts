// `lab status`: each endpoint asked over its own protocol, once, from where the harness
// runs (the root namespace): HTTP(S) GET for CUCM and the phones' web pages, an SNMP get of
// sysName for each switch, a TFTP read of a phone's configuration file, TCP connect for SSH.

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { LoadedLab } from '../../../harness/lab/index.ts';
import { SYSTEM } from '../../../harness/formats/snmp/oids.ts';
import { openSwitchSessions } from '../../../drivers/poe/snmp-session.ts';
import { tftpGet } from '../../../drivers/tftp/tftp-client.ts';
import type { LabEndpoints } from './endpoints.ts';

export interface ProbeResult {
  endpoint: string;
  target: string;
  ok: boolean;
  detail: string;
  /** false: a closed endpoint is normal (a phone's SSH is off until CUCM enables sshAccess). */
  required: boolean;
}

const TIMEOUT_MS = 3000;

export function httpGet(url: string, timeoutMs = TIMEOUT_MS): Promise<{ status: number; body: string }> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // The virtual CUCM's certificate is self-signed: a probe asks "does it answer", not "is it trusted".
    const req = request(url, { method: 'GET', timeout: timeoutMs, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

function tcpConnect(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, timeout: TIMEOUT_MS });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => socket.destroy(new Error('timeout')));
    socket.once('error', reject);
  });
}

async function probe(endpoint: string, target: string, check: () => Promise<string>, required = true): Promise<ProbeResult> {
  try {
    return { endpoint, target, ok: true, detail: await check(), required };
  } catch (e) {
    return { endpoint, target, ok: false, detail: e instanceof Error ? e.message : String(e), required };
  }
}

async function snmpSysName(lab: LoadedLab, sw: LabEndpoints['switches'][number]): Promise<string> {
  const spec = lab.spec.switches.find((s) => s.name === sw.name);
  if (!spec) throw new Error('not in the lab file');
  const sessions = await openSwitchSessions({ ...spec, host: sw.address, snmpPort: sw.port, timeoutMs: TIMEOUT_MS, retries: 0 }, { kind: 'virtual' });
  try {
    const oid = `${SYSTEM.sysName}.0`;
    const value = await new Promise<string>((resolve, reject) => {
      sessions.read.get([oid], (error, varbinds) => {
        if (error) reject(error);
        else resolve(String(varbinds?.[0]?.value ?? ''));
      });
    });
    return `sysName ${value}`;
  } finally {
    sessions.close();
  }
}

export async function probeLab(endpoints: LabEndpoints, lab: LoadedLab | undefined): Promise<ProbeResult[]> {
  const checks: Promise<ProbeResult>[] = [];
  checks.push(probe('cucm admin', `${endpoints.cucm.admin}ccmadmin/showHome.do`, async () => `HTTP ${(await httpGet(`${endpoints.cucm.admin}ccmadmin/showHome.do`)).status}`));
  const firstPhone = endpoints.phones[0];
  const tftp = endpoints.tftp;
  checks.push(
    probe('tftp', `${tftp.address}:${tftp.port}`, async () => {
      if (!firstPhone) return 'no phone to ask for';
      const file = `${firstPhone.name}.cnf.xml`;
      const got = await tftpGet({ server: tftp.address, port: tftp.port, file, timeoutMs: TIMEOUT_MS, retries: 1 });
      return `${file} ${got.content.length} bytes`;
    }),
  );
  for (const sw of endpoints.switches) {
    checks.push(
      probe(`snmp ${sw.name}`, `${sw.address}:${sw.port}`, async () => {
        if (!lab) throw new Error('lab file unreadable: cannot find the community');
        return snmpSysName(lab, sw);
      }),
    );
  }
  for (const p of endpoints.phones) {
    if (p.web) {
      const url = `${p.web}DeviceInformationX`;
      checks.push(probe(`phone ${p.name} web`, url, async () => `HTTP ${(await httpGet(url)).status}`));
    }
    const ssh = p.ssh;
    if (ssh) {
      checks.push(
        probe(`phone ${p.name} ssh`, `${ssh.address}:${ssh.port}`, async () => {
          await tcpConnect(ssh.address, ssh.port);
          return 'accepts connections';
        }, false),
      );
    }
  }
  return Promise.all(checks);
}
