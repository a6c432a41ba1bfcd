// A small virtual lab on loopback for the phone tests: the virtual TFTP server serving the
// default lab's loads (sizes scaled) and one CUCM-structured SEP<MAC>.cnf.xml per phone,
// and VirtualPhones on 127.x addresses, plus the LabFacts the PFS analysis needs.
import { loadLab } from '../../../../harness/lab/index.ts';
import type { LabFacts, Load } from '../../../../harness/pfs/inventory.ts';
import { renderConfigFile } from '../../../../labs/virtual/cucm/config-file.ts';
import type { PublishedLoad, TftpServer } from '../../../../labs/virtual/tftp/index.ts';
import { CompositeStore, FirmwareStore, MemoryStore, publishLoads, startTftpServer } from '../../../../labs/virtual/tftp/index.ts';
import { loopbackNetStack } from '../../../../labs/virtual/phone/net-stack.ts';
import { VirtualPhone } from '../../../../labs/virtual/phone/phone.ts';
import type { PhoneFault, PhoneSpec, PhoneTiming } from '../../../../labs/virtual/phone/spec.ts';
import { macOf } from '../../../../labs/virtual/phone/spec.ts';

export const TFTP_IP = '127.77.0.11';
export const SUBNET = '127.77.1.0/24';
export const OLD_LOAD: Record<string, string> = { '41': 'SCCP41.9-3-1SR1-1S', '45': 'SCCP45.9-3-1SR1-1S', '11': 'SCCP11.9-3-1SR1-1S' };

export interface MiniPhone {
  model: string;
  pfs?: boolean;
  faults?: PhoneFault[];
  ssh?: boolean;
}

export interface MiniLabOptions {
  phones: MiniPhone[];
  /** First three octets of the phones' /24 (default 127.77.1) and the TFTP server's address. */
  subnetPrefix?: string;
  tftpIp?: string;
  /** Third octet..fourth: phones get 127.77.1.<firstHost + i>. */
  firstHost?: number;
  sizeScale?: number;
  timing?: Partial<PhoneTiming>;
  sshUser?: string;
  sshPassword?: string;
  consoleLogin?: PhoneSpec['ssh'];
  webPort?: number;
  sshPort?: number;
}

export interface MiniLab {
  tftp: TftpServer;
  phones: VirtualPhone[];
  facts: LabFacts;
  loads: PublishedLoad[];
  /** model -> target load id */
  target: Map<string, string>;
  powerOnAll(): void;
  waitAllRunningNewLoad(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Fast timers for tests; the protocol's ratios stay those of the real phone. */
export const TEST_TIMING: Partial<PhoneTiming> = { scale: 0.2, rootWaitMs: 1000, bootMs: 1000, rebootMs: 1000, lingerMs: 4000 };

export interface LabFiles {
  store: CompositeStore;
  specs: PhoneSpec[];
  facts: LabFacts;
  loads: PublishedLoad[];
  target: Map<string, string>;
}

/** The TFTP server's content (loads of labs/virtual.yaml, one config file per phone) and the phones' specs. */
export async function buildLabFiles(o: MiniLabOptions): Promise<LabFiles> {
  const lab = await loadLab('labs/virtual.yaml');
  const firmware = new FirmwareStore();
  const files = new MemoryStore();
  const loads = publishLoads(
    lab.loads.map((r) => ({ load: r.load, models: r.models })),
    { firmware, files, scale: o.sizeScale ?? 1 / 16 },
  );
  const inventory = new Map<string, Load>();
  const target = new Map<string, string>();
  for (const [i, r] of lab.loads.entries()) {
    const p = loads[i];
    if (!p) continue;
    for (const m of r.models) {
      inventory.set(m, { id: p.id, files: p.files.map((f) => ({ name: f.name, size: f.size })) });
      target.set(m, p.id);
    }
  }
  const prefix = o.subnetPrefix ?? '127.77.1';
  const tftpIp = o.tftpIp ?? TFTP_IP;
  const specs = o.phones.map((p, i): PhoneSpec => {
    const host = (o.firstHost ?? 21) + i;
    const name = `SEP0250F5A1${host.toString(16).toUpperCase().padStart(4, '0')}`;
    const family = /^CP-79(\d\d)/.exec(p.model)?.[1] ?? '';
    const familyKey = family === '61' || family === '41' ? '41' : family === '65' || family === '45' ? '45' : '11';
    const loadId = target.get(p.model);
    if (!loadId) throw new Error(`no load for ${p.model} in labs/virtual.yaml`);
    files.put(
      `${name}.cnf.xml`,
      renderConfigFile(
        {
          pkid: `00000000-0000-0000-0000-${host.toString().padStart(12, '0')}`,
          ctiId: host,
          devicePool: { pkid: '1b1b9eb6-7803-11d3-bdf0-00108302ead1', name: 'Default' },
          cucmAddress: tftpIp,
          sshUserId: o.sshUser ?? 'pfslab',
          sshPassword: o.sshPassword ?? 'phone-ssh-secret',
          loadInformation: loadId,
          vendorConfig: [
            ['webAccess', '0'],
            ['peerFirmwareSharing', p.pfs === false ? '0' : '1'],
            ['sshAccess', p.ssh ? '0' : '1'],
          ],
        },
        `${1700000000 + host}-00000000-0000-0000-0000-000000000000`,
      ),
    );
    return {
      name,
      model: p.model,
      ip: `${prefix}.${host}`,
      cidr: `${prefix}.0/24`,
      gateway: `${prefix}.1`,
      tftpServer: tftpIp,
      initialLoad: OLD_LOAD[familyKey] ?? 'SCCP41.9-3-1SR1-1S',
      timing: { ...TEST_TIMING, ...o.timing },
      faults: p.faults,
      web: { port: o.webPort ?? 80 },
      ssh: { port: o.sshPort ?? 22, ...o.consoleLogin },
    };
  });
  const facts: LabFacts = {
    phones: specs.map((p) => ({ name: p.name, mac: macOf(p), model: p.model, ip: p.ip, subnet: 'branch' })),
    subnets: [{ name: 'branch', cidr: `${prefix}.0/24` }],
    inventory,
  };
  return { store: new CompositeStore([files, firmware]), specs, facts, loads, target };
}

export async function startMiniLab(o: MiniLabOptions): Promise<MiniLab> {
  const { store, specs, facts, loads, target } = await buildLabFiles(o);
  const tftp = await startTftpServer({ address: o.tftpIp ?? TFTP_IP, port: 69, store });
  const net = loopbackNetStack();
  const phones = specs.map((spec) => new VirtualPhone(spec, net));
  return {
    tftp,
    phones,
    facts,
    loads,
    target,
    powerOnAll: () => phones.forEach((p) => p.powerOn()),
    async waitAllRunningNewLoad(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const pending = phones.filter((p) => p.state !== 'running' || p.flash.runningLoad !== target.get(p.spec.model));
        if (pending.length === 0) return;
        if (Date.now() > deadline) {
          throw new Error(`not upgraded: ${pending.map((p) => `${p.name} ${p.spec.ip} ${p.state} ${p.flash.runningLoad}`).join('; ')}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      for (const p of phones) p.powerOff();
      await tftp.close();
    },
  };
}
