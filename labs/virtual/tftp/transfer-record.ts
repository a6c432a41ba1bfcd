// One line of the TFTP server's transfer log: who asked for what, what was negotiated, what
// crossed the wire and how it ended. Rejected requests (missing file, refused upload, bad
// options) are transfers too: a test asks "did phone X ask for file Y, and what happened".

export type TransferOutcome =
  | 'in-progress'
  | 'complete'
  /** error 1 sent */
  | 'file-not-found'
  /** error 2 sent: a WRQ to a read-only store */
  | 'access-violation'
  /** error 4 sent: malformed request, unsupported mode, illegal packet mid-transfer */
  | 'bad-request'
  /** error 8 sent: an option value its RFC forbids */
  | 'option-error'
  /** error 3 sent: an upload larger than allowed */
  | 'disk-full'
  /** the client sent an ERROR packet (e.g. 8 to decline our OACK) */
  | 'client-error'
  /** retries exhausted without an answer */
  | 'timeout'
  /** the store failed to read or write */
  | 'store-error'
  /** the server was closed mid-transfer */
  | 'aborted';

export interface TransferRecord {
  /** Sequence number, from 1, in the order requests arrived. */
  id: number;
  kind: 'read' | 'write';
  /** The client's ip:port (its TID). */
  client: string;
  clientAddress: string;
  clientPort: number;
  /** The server's port for this transfer (its TID); undefined until bound. */
  serverPort?: number;
  /** The file name as the client sent it. */
  file: string;
  /** Lower-cased mode as sent: octet or netascii (anything else is refused). */
  mode: string;
  /** Options as the client sent them (names lower-cased). */
  optionsRequested: Record<string, string>;
  /** Options the OACK acknowledged; empty when no OACK was sent. */
  optionsGranted: Record<string, string>;
  blockSize: number;
  windowSize: number;
  timeoutMs: number;
  /** Bytes of the file as transferred (netascii: after conversion); writes: bytes stored. */
  size?: number;
  /** DATA payload bytes sent, retransmissions included: what the link carried (reads). */
  bytesSent: number;
  /** File bytes the client acknowledged (reads). */
  bytesAcknowledged: number;
  /** DATA payload bytes received in order (writes). */
  bytesReceived: number;
  /** Distinct DATA blocks sent (reads) or received (writes). */
  blocks: number;
  /** DATA packets sent, retransmissions included (reads). */
  packetsSent: number;
  /** Packets (DATA, OACK or ACK) sent again because the peer did not answer or lost some. */
  retransmits: number;
  /** Times the retransmission timer fired. */
  timeouts: number;
  /** ACKs (reads) or DATA (writes) that repeated one already seen: ignored, never answered twice. */
  duplicates: number;
  /** The same request again from the same client port while its transfer ran: ignored. */
  duplicateRequests: number;
  /** Packets to this transfer's port from another endpoint: answered with error 5. */
  strayPackets: number;
  startedAt: Date;
  endedAt?: Date;
  outcome: TransferOutcome;
  /** The error packet that ended the transfer, and who sent it. */
  error?: { code: number; message: string; from: 'server' | 'client' };
}

export function newTransferRecord(init: {
  id: number;
  kind: 'read' | 'write';
  clientAddress: string;
  clientPort: number;
  file: string;
  mode: string;
  optionsRequested: [string, string][];
  timeoutMs: number;
}): TransferRecord {
  return {
    id: init.id,
    kind: init.kind,
    client: `${init.clientAddress}:${init.clientPort}`,
    clientAddress: init.clientAddress,
    clientPort: init.clientPort,
    file: init.file,
    mode: init.mode,
    optionsRequested: Object.fromEntries(init.optionsRequested),
    optionsGranted: {},
    blockSize: 512,
    windowSize: 1,
    timeoutMs: init.timeoutMs,
    bytesSent: 0,
    bytesAcknowledged: 0,
    bytesReceived: 0,
    blocks: 0,
    packetsSent: 0,
    retransmits: 0,
    timeouts: 0,
    duplicates: 0,
    duplicateRequests: 0,
    strayPackets: 0,
    startedAt: new Date(),
    outcome: 'in-progress',
  };
}

/** One log line for a finished transfer. */
export function describeTransferEnd(r: TransferRecord): string {
  const what = r.kind === 'read' ? `${r.file} to ${r.client}` : `${r.file} from ${r.client}`;
  const err = r.error ? ` (error ${r.error.code} from ${r.error.from}: ${r.error.message})` : '';
  const bytes = r.kind === 'read' ? `${r.bytesAcknowledged} bytes acknowledged, ${r.bytesSent} sent` : `${r.bytesReceived} bytes received`;
  return `#${r.id} ${r.outcome} ${what}: ${bytes}, ${r.blocks} blocks, ${r.retransmits} retransmits, ${r.duplicates} duplicates${err}`;
}
