// The parts of net-snmp's agent (npm `net-snmp` 3.29) this switch uses, typed.
// @types/net-snmp 3.23 declares `createAgent(): any` and nothing for the Mib, its
// providers or its requests, so without these shapes every call would be `any`. Some
// members below are internals (not in net-snmp's README): they are marked INTERNAL and
// used only by the workarounds that say why (set-gate.ts, get-bulk.ts, udp-binding.ts).
import type { RemoteInfo, Socket, SocketType } from 'node:dgram';
import * as snmp from 'net-snmp';

export { snmp };

/** net-snmp's numeric codes, spelled once (ObjectType in @types has a wrong OID entry). */
export const ObjectTypeCode = {
  Integer: 2,
  OctetString: 4,
  OID: 6,
  Counter32: 65,
  Gauge32: 66,
  TimeTicks: 67,
} as const;
export type ObjectTypeCode = (typeof ObjectTypeCode)[keyof typeof ObjectTypeCode];

/**
 * net-snmp's MibProviderType as the running library numbers it (Scalar 1, Table 2).
 * @types/net-snmp 3.23 declares them 0 and 1, so its enum cannot be used as a type here.
 */
export const ProviderKind = { Scalar: 1, Table: 2 } as const;
if (Number(snmp.MibProviderType.Scalar) !== ProviderKind.Scalar || Number(snmp.MibProviderType.Table) !== ProviderKind.Table) {
  throw new Error('net-snmp MibProviderType numbering changed: update ProviderKind in net-snmp-agent.ts');
}

export interface TableColumnDefinition {
  number: number;
  name: string;
  type: ObjectTypeCode;
  maxAccess: snmp.MaxAccess;
}

export interface TableIndexEntry {
  columnName: string;
  foreign?: string;
}

export interface MibRequest {
  operation: snmp.PduType;
  /** The instance OID as dotted decimals. */
  oid: string;
  address: number[];
  setValue?: unknown;
  /** INTERNAL: true while net-snmp runs the handlers' test pass of a SET (commit follows). */
  testSet?: boolean;
  done(error?: { errorStatus: snmp.ErrorStatus }): void;
  instanceNode: { value: unknown };
}

export type MibHandler = (request: MibRequest) => void;

export interface ScalarProvider {
  name: string;
  type: typeof ProviderKind.Scalar;
  oid: string;
  scalarType: ObjectTypeCode;
  maxAccess: snmp.MaxAccess;
  handler?: MibHandler;
}

export interface TableProvider {
  name: string;
  type: typeof ProviderKind.Table;
  oid: string;
  maxAccess: snmp.MaxAccess;
  tableColumns: TableColumnDefinition[];
  tableIndex?: TableIndexEntry[];
  tableAugments?: string;
  handler?: MibHandler;
}

export type Provider = ScalarProvider | TableProvider;

export interface MibNode {
  value: unknown;
  children: Record<string, MibNode>;
}

export interface Mib {
  registerProvider(provider: Provider): void;
  setScalarValue(name: string, value: unknown): void;
  addTableRow(table: string, row: unknown[]): void;
  setTableSingleCell(table: string, column: number, rowIndex: number[], value: unknown): void;
  getTableSingleCell(table: string, column: number, rowIndex: number[]): unknown;
  /** INTERNAL: the tree node at an OID, or null. */
  lookup(oid: string): MibNode | null;
}

export interface AgentUser {
  name: string;
  level: snmp.SecurityLevel;
  authProtocol?: snmp.AuthProtocols;
  authKey?: string;
  privProtocol?: snmp.PrivProtocols;
  privKey?: string;
}

export interface Authorizer {
  addCommunity(community: string): void;
  addUser(user: AgentUser): void;
}

export interface RequestVarbind {
  oid: string;
  type: number;
  value: unknown;
}

/** INTERNAL: a decoded request as the agent's request methods receive it. */
export interface RequestMessage {
  version: number;
  community?: string;
  user?: { name: string };
  pdu: {
    type: snmp.PduType;
    varbinds: RequestVarbind[];
    nonRepeaters: number;
    maxRepetitions: number;
    getResponsePduForRequest(): ResponsePdu;
  };
}

export interface ResponsePdu {
  errorStatus?: snmp.ErrorStatus;
  errorIndex?: number;
  varbinds: RequestVarbind[];
}

export type AgentRequestMethod = (socket: Socket, message: RequestMessage, rinfo: RemoteInfo) => void;

export interface Agent {
  getMib(): Mib;
  getAuthorizer(): Authorizer;
  close(callback?: () => void): void;
  setBulkSetHandler(handler: (requests: MibRequest[], mib: Mib, testSet: boolean) => snmp.ErrorStatus | undefined): void;
  /** INTERNAL: called by the agent for each SetRequest; replaced by set-gate.ts. */
  setRequest: AgentRequestMethod;
  /** INTERNAL: called by the agent for each GetBulkRequest; replaced by get-bulk.ts. */
  getBulkRequest: AgentRequestMethod;
  /** INTERNAL: runs the providers' handlers over a request's varbinds and answers. */
  request: AgentRequestMethod;
  /** INTERNAL: appends the lexicographic successor of `startOid`; returns its node, or null at the end of the MIB. */
  addGetNextVarbind(target: RequestVarbind[], startOid: string): { oid: string } | null;
  /** INTERNAL: encodes and sends a response to a request. */
  sendResponse(socket: Socket, rinfo: RemoteInfo, message: RequestMessage, response: ResponsePdu): void;
}

export interface AgentOptions {
  port: number;
  address: string;
  transport: 'udp4' | 'udp6';
  disableAuthorization: false;
  /** Documented in the Listener source, not the README: the dgram module to create sockets with. */
  dgramModule: { createSocket(type: SocketType): Socket };
}

export type AgentCallback = (error: (Error & { rinfo?: RemoteInfo }) | null) => void;

export function createAgent(options: AgentOptions, callback: AgentCallback): Agent {
  return snmp.createAgent(options, callback) as Agent;
}
