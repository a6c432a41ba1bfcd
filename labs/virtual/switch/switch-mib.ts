// The switch's whole MIB as a view of its port and group state: registers every provider
// with net-snmp's Mib, fills the rows, and re-writes a port's cells whenever the port
// changes. Also the SET wiring: which writer serves which table, and the cross-varbind
// check that only the whole PDU can make.
import type { Agent, Mib, Provider } from './net-snmp-agent.ts';
import type { PsePort } from './port-state.ts';
import type { PseGroup } from './peth-main-table.ts';
import type { CrossVarbindVerdicts } from './set-handlers.ts';
import { tableSetHandler } from './set-handlers.ts';
import { judgePowerIntents } from './power-intents.ts';
import { CPE_EXT_PSE_PORT_ENTRY, PETH_MAIN_PSE_ENTRY, PETH_PSE_PORT_ENTRY } from '../../../harness/formats/snmp/oids.ts';
import { systemProviders, setSystemValues, SYS_DESCR } from './system-group.ts';
import { addIfRows, ifMibProviders } from './if-mib.ts';
import { addEntityRows, entityMibProviders } from './entity-mib.ts';
import { addPethPortRow, pethPortProvider, pethPortWriters, writePethPortCells } from './peth-port-table.ts';
import { addPethMainRow, pethMainProvider, pethMainWriters, writePethMainCells } from './peth-main-table.ts';
import { addCiscoExtRow, ciscoExtProvider, ciscoExtWriters, writeCiscoExtCells } from './cisco-ext.ts';

export interface SwitchState {
  sysName: string;
  startedAt: number;
  ports: readonly PsePort[];
  groups: ReadonlyMap<number, PseGroup>;
  portAt(group: number, port: number): PsePort | undefined;
}

export class SwitchMib {
  /** Every provider registered, for the set gate's type and access lookups. */
  readonly providers: readonly Provider[];
  private readonly mib: Mib;

  constructor(
    agent: Agent,
    private readonly state: SwitchState,
    log: (line: string) => void,
  ) {
    this.mib = agent.getMib();
    const verdicts: CrossVarbindVerdicts = new WeakMap();
    const portRow = (index: number[]): PsePort | undefined =>
      index.length === 2 ? state.portAt(index[0] ?? 0, index[1] ?? 0) : undefined;
    const groupRow = (index: number[]): PseGroup | undefined =>
      index.length === 1 ? state.groups.get(index[0] ?? 0) : undefined;

    // Order matters: an augmenting table (ifXTable, cpeExtPsePortTable) and a table with a
    // foreign index (entAliasMappingTable) must come after the table they borrow from.
    this.providers = [
      ...systemProviders(state.startedAt),
      ...ifMibProviders(),
      ...entityMibProviders(),
      pethPortProvider(
        tableSetHandler({ entryOid: PETH_PSE_PORT_ENTRY, writers: pethPortWriters, rowAt: portRow, verdicts, log }),
      ),
      pethMainProvider(
        tableSetHandler({ entryOid: PETH_MAIN_PSE_ENTRY, writers: pethMainWriters, rowAt: groupRow, verdicts, log }),
      ),
      ciscoExtProvider(
        tableSetHandler({ entryOid: CPE_EXT_PSE_PORT_ENTRY, writers: ciscoExtWriters, rowAt: portRow, verdicts, log }),
      ),
    ];
    for (const provider of this.providers) this.mib.registerProvider(provider);

    agent.setBulkSetHandler((requests, _mib, testSet) => {
      if (testSet) judgePowerIntents(requests, verdicts);
      return undefined;
    });
  }

  /** Fills every table from the current state; called once, before the agent answers. */
  populate(): void {
    setSystemValues(this.mib, this.state.sysName);
    addIfRows(this.mib, this.state.ports);
    const entPhysicalIndexes = addEntityRows(this.mib, SYS_DESCR, this.state.ports);
    for (const port of this.state.ports) addPethPortRow(this.mib, port);
    for (const group of this.state.groups.values()) addPethMainRow(this.mib, group);
    for (const port of this.state.ports) addCiscoExtRow(this.mib, port, entPhysicalIndexes.get(port) ?? 0);
  }

  /** Re-writes what a port's change can alter: its rows and its group's totals. */
  refreshPort(port: PsePort): void {
    writePethPortCells(this.mib, port);
    writeCiscoExtCells(this.mib, port);
    const group = this.state.groups.get(port.group);
    if (group !== undefined) writePethMainCells(this.mib, group);
  }
}
