// The lab description, turned into what each device process is started with: the TFTP
// server's loads, CUCM's users/phones/loads/faults, each switch's ports and credentials,
// each phone's PhoneSpec, and the endpoints a person or the harness uses. Addresses come
// from the network (lab addresses in namespace mode, 127.x in loopback mode).

import type { LoadedLab, ResolvedLoad } from '../../../harness/lab/index.ts';
import { isCucmFault, phoneFaultsOf, resolveSecret, scaleFactor } from '../../../harness/lab/index.ts';
import type { CucmFaultSpec } from '../cucm/index.ts';
import type { NetworkHandle } from '../network/index.ts';
import type { ConsoleLoginStep, PhoneSpec } from '../phone/spec.ts';
import type { PoeSwitchOptions, V3UserConfig } from '../switch/index.ts';
import type { LabEndpoints } from './endpoints.ts';
import { secretLabel } from './endpoints.ts';
import type { CucmInit, SwitchInit, TftpInit } from './messages.ts';
import type { LoadToServe } from '../tftp/publish-loads.ts';
import type { PhonePort } from './switch-ports.ts';
import { phonePorts, switchPortConfigs } from './switch-ports.ts';

export interface PlannedPhone {
  spec: PhoneSpec;
  port?: PhonePort;
}

export interface DevicePlan {
  tftp: TftpInit;
  cucm: CucmInit;
  switches: { name: string; init: SwitchInit }[];
  phones: PlannedPhone[];
  endpoints: LabEndpoints;
}

type Net = Pick<NetworkHandle, 'addressOf' | 'captureTarget' | 'plan' | 'mode'>;

export async function planDevices(lab: LoadedLab, net: Net): Promise<DevicePlan> {
  const spec = lab.spec;
  const secret = (ref: string) => resolveSecret(ref, { kind: 'virtual' });
  const cucmUrl = new URL(spec.cucm.url);
  const cucmAddress = net.addressOf('cucm');
  const cucmPort = cucmUrl.port === '' ? 443 : Number(cucmUrl.port);
  const tftpAddress = net.addressOf('tftp');
  const tftpPort = spec.tftp.port;

  const loadOfModel = new Map<string, string>();
  const baselineOfModel = new Map<string, string>();
  for (const r of lab.loads) {
    for (const m of r.models) {
      loadOfModel.set(m, r.load.id);
      if (r.baseline) baselineOfModel.set(m, r.baseline.id);
    }
  }

  const cucmFaults: CucmFaultSpec[] = spec.faults.flatMap(({ id, models }) => (isCucmFault(id) ? [{ id, ...(models ? { models } : {}) }] : []));

  const ports = phonePorts(spec);
  const switches = await Promise.all(
    spec.switches.map(async (sw) => {
      const options: Omit<PoeSwitchOptions, 'log'> = {
        address: net.addressOf(sw.name),
        port: sw.snmpPort,
        name: sw.name,
        ports: switchPortConfigs(sw.name, ports),
      };
      const snmp = sw.snmp;
      const credentials: string[] = [];
      if (snmp.version === '2c') {
        options.v2c = { readCommunity: await secret(snmp.community) };
        credentials.push(`read community ${secretLabel(snmp.community, `switches.${sw.name}.snmp.community`)}`);
        if (snmp.writeCommunity !== undefined) {
          options.v2c.writeCommunity = await secret(snmp.writeCommunity);
          credentials.push(`write community ${secretLabel(snmp.writeCommunity, `switches.${sw.name}.snmp.writeCommunity`)}`);
        } else {
          // The lab's rule: without a write community, the read community writes too.
          options.v2c.writeCommunity = options.v2c.readCommunity;
        }
      } else {
        const user: V3UserConfig = { user: snmp.user, level: snmp.securityLevel, write: true };
        if (snmp.authProtocol) user.authProtocol = snmp.authProtocol === 'MD5' ? 'md5' : 'sha';
        if (snmp.authKey) user.authKey = await secret(snmp.authKey);
        if (snmp.privProtocol) user.privProtocol = snmp.privProtocol === 'DES' ? 'des' : 'aes';
        if (snmp.privKey) user.privKey = await secret(snmp.privKey);
        options.v3 = [user];
        credentials.push(`user ${snmp.user} (${snmp.securityLevel})`);
        if (snmp.authKey) credentials.push(`auth key ${secretLabel(snmp.authKey, `switches.${sw.name}.snmp.authKey`)}`);
        if (snmp.privKey) credentials.push(`priv key ${secretLabel(snmp.privKey, `switches.${sw.name}.snmp.privKey`)}`);
      }
      return { name: sw.name, init: { type: 'init' as const, options }, version: snmp.version, credentials };
    }),
  );

  const timeScale = spec.timeScale ?? 1;
  const phones = await Promise.all(
    spec.phones.map(async (p): Promise<PlannedPhone> => {
      const subnet = net.plan.subnets.find((s) => s.name === p.subnet);
      const address = net.addressOf(p.name);
      const target = loadOfModel.get(p.model);
      const ssh = p.console?.ssh;
      const phoneSpec: PhoneSpec = {
        name: p.name.toUpperCase(),
        model: p.model,
        ip: address,
        cidr: subnet ? cidrIn(net, subnet.cidr) : `${address}/32`,
        ...(subnet ? { gateway: ipIn(net, subnet.routerAddress) } : {}),
        tftpServer: tftpAddress,
        tftpPort,
        initialLoad: initialLoad(baselineOfModel.get(p.model), target),
        timing: { scale: timeScale },
        faults: phoneFaultsOf(spec.faults, p),
        web: { port: p.console?.web?.port ?? 80, enabled: p.console?.web?.enabled ?? true },
        ...(ssh
          ? {
              ssh: {
                port: ssh.port,
                prompt: literalOf(ssh.prompt),
                login: await Promise.all(
                  ssh.login.map(
                    async (step): Promise<ConsoleLoginStep> => ({
                      prompt: `${literalOf(step.expect)} `,
                      answer: step.sendSecret !== undefined ? await secret(step.sendSecret) : (step.send ?? ''),
                      ...(step.sendSecret !== undefined ? { secret: true } : {}),
                    }),
                  ),
                ),
              },
            }
          : {}),
      };
      const port = ports.find((x) => x.phone === p.name);
      return { spec: phoneSpec, ...(port ? { port } : {}) };
    }),
  );

  const adminBase = `https://${cucmAddress}${cucmPort === 443 ? '' : `:${cucmPort}`}/`;
  const captureNames = [...new Set([...spec.captures.filter((c) => c.netns !== undefined).map((c) => c.name), ...net.plan.subnets.map((s) => s.name)])];
  const endpoints: LabEndpoints = {
    cucm: {
      admin: adminBase,
      axl: `${adminBase}axl/`,
      user: spec.cucm.user,
      password: secretLabel(spec.cucm.password, 'cucm.password'),
      address: cucmAddress,
      port: cucmPort,
    },
    tftp: { address: tftpAddress, port: tftpPort },
    switches: switches.map((s) => {
      const o = s.init.options;
      return { name: s.name, address: o.address, port: o.port ?? 161, snmp: `v${s.version}`, credentials: s.credentials };
    }),
    phones: phones.map(({ spec: ps, port }) => {
      const lab = spec.phones.find((x) => x.name.toUpperCase() === ps.name);
      const web = ps.web?.enabled !== false ? `http://${ps.ip}${ps.web?.port === 80 ? '' : `:${ps.web?.port ?? 80}`}/` : undefined;
      const ssh = lab?.console?.ssh;
      return {
        name: ps.name,
        model: ps.model,
        address: ps.ip,
        subnet: lab?.subnet ?? '',
        ...(web ? { web } : {}),
        ...(ssh ? { ssh: { address: ps.ip, port: ssh.port, user: ssh.user } } : {}),
        ...(port ? { power: { switch: port.switch, group: port.group, port: port.port, ifName: port.ifName } } : {}),
      };
    }),
    captures: captureNames
      .map((name) => {
        const t = net.captureTarget(name);
        const command = t.namespace ? `ip netns exec ${t.namespace} tcpdump -i ${t.interface}` : `tcpdump -i ${t.interface}`;
        return { name, ...(t.namespace ? { namespace: t.namespace } : {}), interface: t.interface, command };
      })
      // A lab capture and its subnet name the same bridge (and in loopback mode all are lo): listed once.
      .filter((c, i, all) => all.findIndex((o) => o.command === c.command) === i),
    harness: { address: harnessAddress(net) },
  };

  return {
    tftp: {
      type: 'init',
      address: tftpAddress,
      port: tftpPort,
      loads: loadsToServe(lab.loads),
      sizeScale: scaleFactor(spec.sizeScale),
    },
    cucm: {
      type: 'init',
      options: {
        address: cucmAddress,
        port: cucmPort,
        users: [{ name: spec.cucm.user, password: await secret(spec.cucm.password) }],
        // Unregistered until the phone runs (the lab bus registers it). A phone whose lab
        // entry has an SSH console gets that SSH user and password in CUCM, SSH Access on.
        phones: await Promise.all(
          spec.phones.map(async (p) => ({
            name: p.name.toUpperCase(),
            model: p.model,
            ...(p.console?.ssh ? { ssh: { userId: p.console.ssh.user, password: await secret(p.console.ssh.password) } } : {}),
          })),
        ),
        // A lab with baselines comes up steady: CUCM's Device Defaults name what the phones
        // run, as on a real lab between upgrades, and the harness points phones at the target
        // (Phone Load Name) when a suite upgrades them. Without a baseline, the Device Defaults
        // name the target and the first boot is an upgrade.
        loads: Object.fromEntries([...loadOfModel].map(([model, target]) => [model, baselineOfModel.get(model) ?? target])),
        faults: cucmFaults,
        ...(spec.cucm.pfsBuiltInDefault ? { pfsBuiltInDefault: spec.cucm.pfsBuiltInDefault } : {}),
      },
    },
    switches: switches.map((s) => ({ name: s.name, init: s.init })),
    phones,
    endpoints,
  };
}

/**
 * What the TFTP server publishes: every target with its term<NN>.default.loads copies (a phone
 * whose config names no load gets the target), and every baseline as <id>.loads and its
 * components only, so that a phone pointed at its baseline can go back to it. Two entries
 * may share a baseline: it is published once.
 */
export function loadsToServe(loads: readonly ResolvedLoad[]): LoadToServe[] {
  const out: LoadToServe[] = loads.map((r) => ({ load: r.load, models: r.models }));
  const published = new Set(out.map((l) => l.load.id));
  for (const r of loads) {
    if (!r.baseline || published.has(r.baseline.id)) continue;
    published.add(r.baseline.id);
    out.push({ load: r.baseline, models: [] });
  }
  return out;
}

/** Out of the box a phone runs its baseline when the lab names one, else previousLoad(). */
export function initialLoad(baseline: string | undefined, target: string | undefined): string {
  return baseline ?? (target ? previousLoad(target) : 'SCCP41.9-3-1SR1-1S');
}

/**
 * The load a phone runs out of the box when the lab names no baseline: the release before
 * the lab's target (same family), so that the lab's first boot is an upgrade, as in the
 * reference's scenario. No TFTP server has its files: such a phone cannot be sent back to it.
 */
export function previousLoad(target: string): string {
  const family = target.split('.')[0] ?? target;
  const older = `${family}.9-3-1SR1-1S`;
  return older === target ? `${family}.9-2-1SR1-1S` : older;
}

/** The subnet as the phone sees it: in loopback mode its 127.x image (first octet replaced, see loopback-map.ts). */
function cidrIn(net: Net, cidr: string): string {
  const [base, len] = cidr.split('/');
  return `${ipIn(net, base ?? '')}/${len ?? '24'}`;
}

function ipIn(net: Net, ip: string): string {
  return net.mode === 'netns' ? ip : (net.plan.loopback[ip] ?? `127.${ip.split('.').slice(1).join('.')}`);
}

/** The text a lab-file pattern (`login:`, `\$ $`) stands for: anchors dropped, escapes undone. */
export function literalOf(pattern: string): string {
  return pattern.replace(/^\^/, '').replace(/(?<!\\)\$$/, '').replace(/\\(.)/g, '$1');
}

/**
 * This host as the lab's devices reach it: in netns mode the root namespace's address on the
 * link to the lab router (every device's default route leads there), in loopback mode 127.0.0.1.
 */
export function harnessAddress(net: Pick<NetworkHandle, 'mode' | 'plan'>): string {
  if (net.mode !== 'netns') return '127.0.0.1';
  const root = net.plan.addresses.find((a) => a.namespace === undefined && a.dev === net.plan.rootLink);
  return root?.address.split('/')[0] ?? '127.0.0.1';
}
