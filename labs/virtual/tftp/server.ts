// The virtual lab's TFTP server at headquarters: serves firmware loads and CUCM's generated
// config files to the (virtual) phones, keeps a log of every transfer and counts the bytes
// sent to each client address, which is what a PFS suite asks of it ("one download per file
// per subnet crossed the WAN").
//
// WHY OUR OWN SERVER. We looked at the npm packages first (`npm view`, then their source):
// - `tftp` 0.1.2 (gagle/node-tftp), the only complete one, and unmaintained: its last
//   release implements windowsize from the draft that RFC 7440 replaced, and its README
//   lists netascii as unsupported. By our reading of its source, moreover: the server
//   never acknowledges the RFC 2349 timeout option (incoming-request.js builds the OACK
//   from blksize, windowsize, tsize and rollover only); on an ACK of the previous window's
//   end, writer.js Window.resume resends the window *and* moves on as if it had been
//   acknowledged, then calls its continuation, which is null when that ACK lands while the
//   server waits for its read stream (a TypeError in the socket handler); it refuses files
//   over 32 MB to clients that send no options instead of rolling the block number over;
//   and it allocates with the deprecated `new Buffer()`.
// - `tftp-server` 1.1.0 (jue89): RRQ only, no options (blksize fixed at 512), the block
//   number is written with writeUInt16BE(block + 1), which throws past 65535, and each file
//   is a whole Buffer in memory.
// - `tftp2` 0.0.1 (song940): 512-byte blocks only, no options, and no retransmission at all
//   (its timeout is commented out), so one lost packet stalls a transfer for ever.
// None keeps per-transfer records or byte counts either, which the lab needs, so we would
// have wrapped its sockets anyway. Ours is split into small files (packets, options,
// transfers, stores), each short enough to read against its RFC.
//
// Protocol coverage: RFC 1350 (RRQ, WRQ when the store takes uploads, octet and netascii,
// each transfer on its own port, error 5 to unknown TIDs, retransmission on timeout,
// duplicate ACKs ignored, block numbers rolling over after 65535 to 0), RFC 2347 (OACK,
// error 8), RFC 2348 (blksize 8..65464), RFC 2349 (timeout, tsize), RFC 7440 (windowsize).

import type { AddressInfo } from 'node:net';
import type { RemoteInfo, Socket } from 'node:dgram';
import { createSocket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import type { RequestPacket } from './packets.ts';
import { ErrorCode, decodePacket, encodeError } from './packets.ts';
import { MAX_BLOCK_SIZE, negotiateOptions } from './options.ts';
import { ReadTransfer } from './read-transfer.ts';
import type { TftpStore } from './stores/store.ts';
import { openTransferContent } from './transfer-content.ts';
import type { TransferOutcome, TransferRecord } from './transfer-record.ts';
import { describeTransferEnd, newTransferRecord } from './transfer-record.ts';
import type { Transfer, TransferContext } from './transfer.ts';
import { WriteTransfer } from './write-transfer.ts';

export interface TftpServerOptions {
  /** Address to bind: the headquarters address in a namespace, or a 127.x loopback address. */
  address: string;
  /** Default 69. 0 picks a free port (see address()). */
  port?: number;
  store: TftpStore;
  log?: (line: string) => void;
  /** Retransmissions of one packet before a transfer is abandoned. Default 5. */
  retries?: number;
  /** Retransmission timeout when the client does not negotiate one. Default 1000 ms. */
  timeoutMs?: number;
  /** Largest blksize granted. Default 65464 (RFC 2348's maximum). */
  maxBlockSize?: number;
  /** Largest windowsize granted. Default 64. */
  maxWindowSize?: number;
  /** Largest upload accepted. Default 64 MiB. */
  maxWriteSize?: number;
}

export interface TftpServerEvents {
  'transfer-start': [record: TransferRecord];
  'transfer-end': [record: TransferRecord];
}

export interface TftpServer extends EventEmitter<TftpServerEvents> {
  address(): AddressInfo;
  /** Closes the listening socket and every transfer's socket; resolves when all are closed. */
  close(): Promise<void>;
  /** The transfer log, oldest first (copies: later changes do not show in them). */
  transfers(): TransferRecord[];
  /** DATA payload bytes sent to each client address (ip), retransmissions included. */
  bytesByClient(): Map<string, number>;
}

export async function startTftpServer(opts: TftpServerOptions): Promise<TftpServer> {
  const server = new Server(opts);
  await server.listen();
  return server;
}

class Server extends EventEmitter<TftpServerEvents> implements TftpServer {
  private readonly socket: Socket;
  private readonly records: TransferRecord[] = [];
  private readonly sentByClient = new Map<string, number>();
  /** Transfers whose socket is open (running, lingering, or sending their error). */
  private readonly live = new Set<Transfer | Promise<void>>();
  /** Running transfer per client ip:port, to recognise a retransmitted request. */
  private readonly running = new Map<string, { request: Buffer; record: TransferRecord }>();
  private readonly log: (line: string) => void;
  private readonly retries: number;
  private readonly timeoutMs: number;
  private readonly limits: { maxBlockSize: number; maxWindowSize: number; maxWriteSize: number };
  private nextId = 1;
  private closing: Promise<void> | undefined;

  constructor(private readonly opts: TftpServerOptions) {
    super();
    this.log = opts.log ?? (() => {});
    this.retries = opts.retries ?? 5;
    this.timeoutMs = opts.timeoutMs ?? 1000;
    this.limits = {
      maxBlockSize: opts.maxBlockSize ?? MAX_BLOCK_SIZE,
      maxWindowSize: opts.maxWindowSize ?? 64,
      maxWriteSize: opts.maxWriteSize ?? 64 * 1024 * 1024,
    };
    this.socket = createSocket(udpType(opts.address));
    this.socket.on('message', (msg, rinfo) => this.onRequest(msg, rinfo));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.socket.once('error', onError);
      this.socket.bind({ address: this.opts.address, port: this.opts.port ?? 69, exclusive: true }, () => {
        this.socket.off('error', onError);
        this.socket.on('error', (err) => this.log(`listening socket error: ${err.message}`));
        resolve();
      });
    });
    const a = this.address();
    this.log(`TFTP server listening on ${a.address}:${a.port}`);
  }

  address(): AddressInfo {
    return this.socket.address();
  }

  transfers(): TransferRecord[] {
    return this.records.map((r) => structuredClone(r));
  }

  bytesByClient(): Map<string, number> {
    return new Map(this.sentByClient);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      const listening = new Promise<void>((resolve) => this.socket.close(() => resolve()));
      // Loop: a socket still binding when close() began shows up in `live` only once bound.
      while (this.live.size > 0) {
        const pending = [...this.live];
        for (const t of pending) if (!(t instanceof Promise)) t.abort();
        await Promise.all(pending.map((t) => (t instanceof Promise ? t : t.closed)));
      }
      await listening;
      this.log('TFTP server closed');
    })();
    return this.closing;
  }

  private onRequest(msg: Buffer, rinfo: RemoteInfo): void {
    if (this.closing) return;
    const packet = decodePacket(msg);
    const clientKey = `${rinfo.address}:${rinfo.port}`;
    if (packet.op !== 'rrq' && packet.op !== 'wrq') {
      const opcode = msg.length >= 2 ? msg.readUInt16BE(0) : -1;
      if (packet.op === 'malformed' && (opcode === 1 || opcode === 2)) {
        const record = this.newRecord(opcode === 1 ? 'read' : 'write', rinfo, '', '', []);
        this.log(`#${record.id} malformed request from ${clientKey}: ${packet.reason}`);
        this.reject(record, ErrorCode.ILLEGAL_OPERATION, packet.reason, 'bad-request');
        return;
      }
      // Port 69 takes requests only; a DATA or ACK here is a client that lost its TID.
      this.log(`${packet.op.toUpperCase()} from ${clientKey} to the request port: answered with error 4`);
      if (packet.op !== 'error') this.socket.send(encodeError(ErrorCode.ILLEGAL_OPERATION, 'expected RRQ or WRQ'), rinfo.port, rinfo.address);
      return;
    }
    const running = this.running.get(clientKey);
    if (running && running.record.outcome === 'in-progress' && running.request.equals(msg)) {
      // The client resent its request before our first answer reached it. A second transfer
      // would race the first from another port; the first one's retransmissions suffice.
      running.record.duplicateRequests++;
      this.log(`#${running.record.id} duplicate ${packet.op.toUpperCase()} from ${clientKey}: ignored`);
      return;
    }
    this.handleRequest(packet, Buffer.from(msg), rinfo);
  }

  private handleRequest(req: RequestPacket, raw: Buffer, rinfo: RemoteInfo): void {
    const kind = req.op === 'rrq' ? 'read' : 'write';
    const record = this.newRecord(kind, rinfo, req.file, req.mode, req.options);
    this.running.set(record.client, { request: raw, record });
    const opts = req.options.map(([n, v]) => `${n}=${v}`).join(' ');
    this.log(`#${record.id} ${req.op.toUpperCase()} ${record.client} "${req.file}" ${req.mode}${opts ? ` [${opts}]` : ''}`);
    if (req.mode !== 'octet' && req.mode !== 'netascii') {
      this.reject(record, ErrorCode.ILLEGAL_OPERATION, `transfer mode "${req.mode}" is not supported (octet or netascii)`, 'bad-request');
      return;
    }
    const mode = req.mode;
    const store = this.opts.store;

    if (kind === 'read') {
      const name = this.lookup(req.file);
      const size = name === undefined ? undefined : store.stat(name);
      if (name === undefined || size === undefined) {
        this.reject(record, ErrorCode.FILE_NOT_FOUND, 'File not found', 'file-not-found');
        return;
      }
      let content;
      try {
        content = openTransferContent(store, name, size, mode);
      } catch (e) {
        this.reject(record, ErrorCode.NOT_DEFINED, `cannot read ${req.file}: ${(e as Error).message}`, 'store-error');
        return;
      }
      const neg = negotiateOptions({ kind, requested: req.options, fileSize: content.size, limits: this.limits });
      if (!neg.ok) {
        this.reject(record, neg.code, neg.message, neg.code === 8 ? 'option-error' : 'disk-full');
        return;
      }
      record.timeoutMs = neg.timeoutMs ?? this.timeoutMs;
      this.begin(record, (ctx) => new ReadTransfer(ctx, { content, blockSize: neg.blockSize, windowSize: neg.windowSize, oack: neg.granted }));
      return;
    }

    const write = store.write?.bind(store);
    if (!write) {
      this.reject(record, ErrorCode.ACCESS_VIOLATION, 'Access violation', 'access-violation');
      return;
    }
    const neg = negotiateOptions({ kind, requested: req.options, limits: this.limits });
    if (!neg.ok) {
      this.reject(record, neg.code, neg.message, neg.code === 8 ? 'option-error' : 'disk-full');
      return;
    }
    record.timeoutMs = neg.timeoutMs ?? this.timeoutMs;
    const name = req.file.replace(/^\/+/, '');
    this.begin(record, (ctx) =>
      new WriteTransfer(ctx, {
        mode,
        blockSize: neg.blockSize,
        windowSize: neg.windowSize,
        oack: neg.granted,
        maxSize: this.limits.maxWriteSize,
        store: (content) => write(name, content),
      }),
    );
  }

  /** The store's name for a requested file: as sent, else without leading slashes (as tftpd -s). */
  private lookup(file: string): string | undefined {
    if (this.opts.store.stat(file) !== undefined) return file;
    const stripped = file.replace(/^\/+/, '');
    return stripped !== file && this.opts.store.stat(stripped) !== undefined ? stripped : undefined;
  }

  private newRecord(kind: 'read' | 'write', rinfo: RemoteInfo, file: string, mode: string, options: [string, string][]): TransferRecord {
    const record = newTransferRecord({ id: this.nextId++, kind, clientAddress: rinfo.address, clientPort: rinfo.port, file, mode, optionsRequested: options, timeoutMs: this.timeoutMs });
    this.records.push(record);
    this.emit('transfer-start', record);
    return record;
  }

  /** Opens the transfer's own socket (its TID), then starts it. */
  private begin(record: TransferRecord, make: (ctx: TransferContext) => Transfer): void {
    const binding = this.bindTransferSocket((socket) => {
      if (this.closing) {
        this.endRecord(record, 'aborted', { code: ErrorCode.NOT_DEFINED, message: 'server shutting down', from: 'server' });
        return new Promise<void>((resolve) => socket.close(() => resolve()));
      }
      const transfer = make({
        socket,
        record,
        retries: this.retries,
        timeoutMs: record.timeoutMs,
        log: this.log,
        onDataSent: (bytes) => this.sentByClient.set(record.clientAddress, (this.sentByClient.get(record.clientAddress) ?? 0) + bytes),
        onEnd: (r) => this.onTransferEnd(r),
      });
      this.live.add(transfer);
      void transfer.closed.then(() => this.live.delete(transfer));
      const granted = Object.entries(record.optionsGranted).map(([n, v]) => `${n}=${v}`).join(' ');
      this.log(`#${record.id} from port ${record.serverPort}: ${granted ? `OACK [${granted}]` : 'no options'}, ${record.size ?? '?'} bytes`);
      transfer.start();
      return undefined;
    }, record);
    this.live.add(binding);
    void binding.then(() => this.live.delete(binding));
  }

  /** Answers a request with an error packet from a fresh port, as a transfer would. */
  private reject(record: TransferRecord, code: number, message: string, outcome: TransferOutcome): void {
    const binding = this.bindTransferSocket((socket) => {
      record.serverPort = socket.address().port;
      this.endRecord(record, outcome, { code, message, from: 'server' });
      return new Promise<void>((resolve) => {
        socket.send(encodeError(code, message), record.clientPort, record.clientAddress, () => socket.close(() => resolve()));
      });
    }, record);
    this.live.add(binding);
    void binding.then(() => this.live.delete(binding));
  }

  /**
   * Binds a socket on the server's address and an ephemeral port, then hands it to `then`.
   * Settles once `then` has run and the promise it may return (a socket closing) settled.
   */
  private bindTransferSocket(then: (socket: Socket) => Promise<void> | undefined, record: TransferRecord): Promise<void> {
    return new Promise<void>((resolve) => {
      const socket = createSocket(udpType(this.opts.address));
      socket.once('error', (err) => {
        this.log(`#${record.id} cannot open a transfer port: ${err.message}`);
        this.endRecord(record, 'aborted', { code: ErrorCode.NOT_DEFINED, message: err.message, from: 'server' });
        try {
          socket.close();
        } catch {
          // never bound: nothing to close
        }
        resolve();
      });
      socket.bind({ address: this.opts.address, port: 0, exclusive: true }, () => {
        void (then(socket) ?? Promise.resolve()).then(resolve);
      });
    });
  }

  private endRecord(record: TransferRecord, outcome: TransferOutcome, error?: TransferRecord['error']): void {
    if (record.outcome !== 'in-progress') return;
    record.outcome = outcome;
    record.endedAt = new Date();
    if (error) record.error = error;
    this.onTransferEnd(record);
  }

  private onTransferEnd(record: TransferRecord): void {
    if (this.running.get(record.client)?.record === record) this.running.delete(record.client);
    this.log(describeTransferEnd(record));
    this.emit('transfer-end', record);
  }
}

function udpType(address: string): 'udp4' | 'udp6' {
  return address.includes(':') ? 'udp6' : 'udp4';
}
