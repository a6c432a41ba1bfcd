// The virtual lab's PoE switch: an SNMP v1/v2c/v3 agent (net-snmp's) on the switch's
// management address, serving POWER-ETHERNET-MIB, the Cisco PoE extension, IF-MIB and
// ENTITY-MIB over the state of its PSE ports. A port's power is what drives the phone on
// it: the 'power' event tells the virtual phones when to die (off) and boot (on).
import { EventEmitter } from 'node:events';
import type { Agent, AgentCallback } from './net-snmp-agent.ts';
import { createAgent } from './net-snmp-agent.ts';
import type { PoeSwitchOptions } from './options.ts';
import { checkPoeSwitchOptions, DEFAULT_DETECT_DELAY_MS, DEFAULT_SNMP_PORT, DEFAULT_SWITCH_NAME } from './options.ts';
import type { PortObserver } from './port-state.ts';
import { PsePort } from './port-state.ts';
import type { PseGroup } from './peth-main-table.ts';
import { DEFAULT_USAGE_THRESHOLD_PERCENT } from './peth-main-table.ts';
import type { DetectionStatusName } from './mib-values.ts';
import { detectionStatusName } from './mib-values.ts';
import { SwitchMib } from './switch-mib.ts';
import { admit, writeDecider } from './access.ts';
import { installSetGate } from './set-gate.ts';
import { installGetBulk } from './get-bulk.ts';
import { bindingDgram, handlesReleased } from './udp-binding.ts';
import { ensureDesPrivacy } from '../../../harness/formats/snmp/des-privacy.ts';

/** A PSE port as the 'power' event names it. */
export interface PoePortRef {
  group: number;
  port: number;
  ifName: string;
}

export interface PoeSwitchEvents {
  /** A port started (true) or stopped (false) delivering power, by SNMP SET or by the lab. */
  power: [port: PoePortRef, on: boolean];
}

/** Keeps secrets out of the log: net-snmp's messages quote the community they refused. */
function redact(message: string): string {
  return message.replace(/with community \S+/g, 'with community <redacted>').replace(/digest [0-9a-f]+/g, 'digest <redacted>');
}

export class PoeSwitch extends EventEmitter<PoeSwitchEvents> implements PortObserver {
  private boundAddress = '';
  private boundPort = 0;
  private readonly ports = new Map<string, PsePort>();
  private readonly groups = new Map<number, PseGroup>();
  private mib: SwitchMib | undefined;
  private agent: Agent | undefined;
  private closed: Promise<void> | undefined;

  /** Use startPoeSwitch(). */
  constructor(
    private readonly opts: PoeSwitchOptions,
    private readonly log: (line: string) => void,
  ) {
    super();
    const delay = opts.detectDelayMs ?? DEFAULT_DETECT_DELAY_MS;
    for (const config of opts.ports) {
      const port = new PsePort(config, delay, this);
      this.ports.set(`${config.group}.${config.port}`, port);
      let group = this.groups.get(config.group);
      if (group === undefined) {
        group = { group: config.group, ports: [], usageThreshold: DEFAULT_USAGE_THRESHOLD_PERCENT };
        this.groups.set(config.group, group);
      }
      group.ports.push(port);
    }
  }

  /** The address the agent listens on. */
  get address(): string {
    return this.boundAddress;
  }

  /** The UDP port the agent listens on: the real one when port 0 was asked for. */
  get port(): number {
    return this.boundPort;
  }

  /** Whether the port delivers power now. */
  power(group: number, port: number): boolean {
    return this.portAt(group, port).delivering;
  }

  /** pethPsePortDetectionStatus of the port, by name. */
  detection(group: number, port: number): DetectionStatusName {
    return detectionStatusName(this.portAt(group, port).detection);
  }

  /** What an SNMP SET of pethPsePortAdminEnable does, for the lab itself (e.g. a cold start). */
  setPower(group: number, port: number, on: boolean): void {
    this.portAt(group, port).setAdminEnable(on);
  }

  /** Plugs (true) or pulls (false) the device on a port. */
  setDevice(group: number, port: number, present: boolean): void {
    this.portAt(group, port).setDevice(present);
  }

  /** Stops answering and releases the socket and every timer. Idempotent. */
  close(): Promise<void> {
    this.closed ??= new Promise<void>((resolve) => {
      for (const port of this.ports.values()) port.dispose();
      const agent = this.agent;
      if (agent === undefined) {
        resolve();
        return;
      }
      agent.close(() => resolve());
    })
      .then(handlesReleased)
      .then(() => this.log(`agent on ${this.address}:${this.port} closed`));
    return this.closed;
  }

  /** @internal PortObserver: keeps the MIB a true view of the ports. */
  stateChanged(port: PsePort): void {
    this.mib?.refreshPort(port);
  }

  /** @internal PortObserver: tells the phones. */
  powerChanged(port: PsePort, on: boolean): void {
    this.log(`${port.ifName} (${port.group}/${port.port}) power ${on ? 'on' : 'off'}`);
    const ref: PoePortRef = { group: port.group, port: port.port, ifName: port.ifName };
    try {
      this.emit('power', ref, on);
    } catch (error) {
      // A phone's failure must not break the SNMP request that cut its power.
      this.log(`a 'power' listener failed for ${port.ifName}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** @internal startPoeSwitch's second half: the agent, bound and answering. */
  async listen(): Promise<void> {
    const opts = this.opts;
    const binding = bindingDgram(opts.port ?? DEFAULT_SNMP_PORT);
    const onAgentError: AgentCallback = (error) => {
      if (error === null) return;
      const from = error.rinfo === undefined ? '' : ` from ${error.rinfo.address}:${error.rinfo.port}`;
      this.log(`dropped a request${from}: ${redact(error.message)}`);
    };
    const agent = createAgent(
      {
        port: opts.port ?? DEFAULT_SNMP_PORT,
        address: opts.address,
        transport: opts.address.includes(':') ? 'udp6' : 'udp4',
        disableAuthorization: false,
        dgramModule: binding.module,
      },
      onAgentError,
    );
    const v3 = opts.v3 ?? [];
    admit(agent.getAuthorizer(), opts.v2c, v3);
    const mib = new SwitchMib(
      agent,
      {
        sysName: opts.name ?? DEFAULT_SWITCH_NAME,
        startedAt: performance.now(),
        ports: [...this.ports.values()],
        groups: this.groups,
        portAt: (group, port) => this.ports.get(`${group}.${port}`),
      },
      this.log,
    );
    mib.populate();
    this.mib = mib;
    installSetGate(agent, mib.providers, writeDecider(opts.v2c, v3), this.log);
    installGetBulk(agent);
    try {
      const bound = await binding.listening();
      this.boundAddress = bound.address;
      this.boundPort = bound.port;
    } catch (error) {
      await binding.discard();
      for (const port of this.ports.values()) port.dispose();
      throw new Error(`PoE switch: cannot listen on ${opts.address}:${opts.port ?? DEFAULT_SNMP_PORT}: ${(error as Error).message}`);
    }
    this.agent = agent;
    this.log(`agent listening on ${this.address}:${this.port} (${this.ports.size} PSE ports)`);
  }

  private portAt(group: number, port: number): PsePort {
    const found = this.ports.get(`${group}.${port}`);
    if (found === undefined) throw new RangeError(`PoE switch has no PSE port ${group}/${port}`);
    return found;
  }
}

/** Starts the virtual PoE switch; resolves once its agent listens. */
export async function startPoeSwitch(opts: PoeSwitchOptions): Promise<PoeSwitch> {
  checkPoeSwitchOptions(opts);
  if ((opts.v3 ?? []).some((u) => u.level === 'authPriv' && u.privProtocol === 'des')) ensureDesPrivacy();
  const log = opts.log ?? (() => undefined);
  const poeSwitch = new PoeSwitch(opts, log);
  await poeSwitch.listen();
  return poeSwitch;
}
