// A small virtual lab on loopback for the phone tests: the virtual TFTP server serving the
// default lab's loads as the lab's bring-up does (targets and baselines, sizes scaled) and
// one CUCM-structured SEP<MAC>.cnf.xml per phone, and VirtualPhones on 127.x addresses that
// boot on their model's baseline, plus the LabFacts the PFS analysis needs.
import { loadLab } from '../../../../harness/lab/index.ts';
import type { LabFacts } from '../../../../harness/pfs/inventory.ts';
import type { Load } from '../../../../harness/formats/load.ts';
import { renderConfigFile } from '../../../../labs/virtual/cucm/config-file.ts';
import { initialLoad, loadsToServe } from '../../../../labs/virtual/lab/device-plan.ts';
import type { PublishedLoad, TftpServer } from '../../../../labs/virtual/tftp/index.ts';
import { CompositeStore, FirmwareStore, MemoryStore, publishLoads, startTftpServer } from '../../../../labs/virtual/tftp/index.ts';
import { loopbackNetStack } from '../../../../labs/virtual/phone/net-stack.ts';
import { VirtualPhone } from '../../../../labs/virtual/phone/phone.ts';
import type { PhoneFault, PhoneSpec, PhoneTiming } from '../../../../labs/virtual/phone/spec.ts';
import { macOf } from '../../../../labs/virtual/phone/spec.ts';

export const TFTP_IP = '127.77.0.11';
export const SUBNET = '127.77.1.0/24';

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
  /** The config files' Log Server (vendorConfig logServer), e.g. 127.0.0.1:5514. */
  logServer?: string;
}

export interface MiniLab {
  tftp: TftpServer;
  phones: VirtualPhone[];
  facts: LabFacts;
  loads: PublishedLoad[];
  /** model -> target load id */
  target: Map<string, string>;
  /** model -> baseline load id (what its phones boot on) */
  baseline: Map<string, string>;
  /** Config files and manifests (CUCM's side of the TFTP server). */
  files: MemoryStore;
  powerOnAll(): void;
  waitAllRunningNewLoad(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Fast timers for tests; the protocol's ratios stay those of the real phone. */
export const TEST_TIMING: Partial<PhoneTiming> = { scale: 0.2, rootWaitMs: 1000, bootMs: 1000, rebootMs: 1000, lingerMs: 4000 };

export interface LabFiles {
  store: CompositeStore;
  files: MemoryStore;
  baseline: Map<string, string>;
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
  // Targets first, in the lab's order, then the baselines (loadsToServe's order).
  const loads = publishLoads(loadsToServe(lab.loads), { firmware, files, scale: o.sizeScale ?? 1 / 16 });
  const published = new Map(loads.map((p) => [p.id, { id: p.id, files: p.files.map((f) => ({ name: f.name, size: f.size })) }]));
  const inventory = new Map<string, Load>();
  const baselineInventory = new Map<string, Load>();
  const target = new Map<string, string>();
  const baseline = new Map<string, string>();
  for (const r of lab.loads) {
    const p = published.get(r.load.id);
    const b = r.baseline ? published.get(r.baseline.id) : undefined;
    for (const m of r.models) {
      if (p) inventory.set(m, p);
      if (p) target.set(m, p.id);
      if (b) baselineInventory.set(m, b);
      if (b) baseline.set(m, b.id);
    }
  }
  const prefix = o.subnetPrefix ?? '127.77.1';
  const tftpIp = o.tftpIp ?? TFTP_IP;
  const specs = o.phones.map((p, i): PhoneSpec => {
    const host = (o.firstHost ?? 21) + i;
    const name = `SEP0250F5A1${host.toString(16).toUpperCase().padStart(4, '0')}`;
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
            ...(o.logServer !== undefined ? [['logServer', o.logServer] as [string, string]] : []),
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
      initialLoad: initialLoad(baseline.get(p.model), loadId),
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
    ...(baselineInventory.size > 0 ? { baselineInventory } : {}),
  };
  return { store: new CompositeStore([files, firmware]), files, baseline, specs, facts, loads, target };
}

export async function startMiniLab(o: MiniLabOptions): Promise<MiniLab> {
  const { store, files, baseline, specs, facts, loads, target } = await buildLabFiles(o);
  const tftp = await startTftpServer({ address: o.tftpIp ?? TFTP_IP, port: 69, store });
  const net = loopbackNetStack();
  const phones = specs.map((spec) => new VirtualPhone(spec, net));
  return {
    tftp,
    phones,
    facts,
    loads,
    target,
    baseline,
    files,
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
