// What every transfer shares: its own socket (its TID, RFC 1350 §4), the check that packets
// come from the client's TID (error 5 to anyone else, and the transfer carries on), the
// retransmission timer with its retry budget, and ending: record the outcome, send an
// error packet when there is one to send, close the socket (after that packet has left).

import type { RemoteInfo, Socket } from 'node:dgram';
import type { Packet } from './packets.ts';
import { ErrorCode, decodePacket, encodeError } from './packets.ts';
import type { TransferOutcome, TransferRecord } from './transfer-record.ts';

export interface TransferContext {
  /** Bound to the server's address on an ephemeral port; the transfer owns and closes it. */
  socket: Socket;
  record: TransferRecord;
  retries: number;
  timeoutMs: number;
  log: (line: string) => void;
  /** Called for every DATA payload sent (per-client byte accounting). */
  onDataSent: (bytes: number) => void;
  /** Called once, when the outcome is known (the socket may linger a little longer). */
  onEnd: (record: TransferRecord) => void;
}

export abstract class Transfer {
  readonly record: TransferRecord;
  /** Resolves once the socket is closed: nothing of this transfer is left running. */
  readonly closed: Promise<void>;
  protected readonly ctx: TransferContext;
  private timer: NodeJS.Timeout | undefined;
  private retriesLeft: number;
  private ended = false;
  private socketClosing = false;

  constructor(ctx: TransferContext) {
    this.ctx = ctx;
    this.record = ctx.record;
    this.retriesLeft = ctx.retries;
    this.record.serverPort = ctx.socket.address().port;
    this.closed = new Promise((resolve) => ctx.socket.once('close', resolve));
    ctx.socket.on('message', (msg, rinfo) => this.onDatagram(msg, rinfo));
    ctx.socket.on('error', (err) => {
      ctx.log(`#${this.record.id} socket error: ${err.message}`);
      if (!this.ended) this.finish('aborted', { code: ErrorCode.NOT_DEFINED, message: `socket error: ${err.message}`, from: 'server' });
      this.closeSocket();
    });
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Sends the first packet (OACK, DATA 1 or ACK 0). */
  abstract start(): void;
  /** A well-formed packet from the client, other than ERROR. */
  protected abstract onPacket(packet: Packet): void;
  /** The timer fired and retries remain: send again what is unanswered. */
  protected abstract retransmit(): void;
  /** A packet from the client after the outcome is known (only while the socket lingers). */
  protected onLatePacket(_packet: Packet): void {}

  /** Ends the transfer because the server is closing. */
  abort(): void {
    if (this.ended) {
      this.closeSocket();
      return;
    }
    this.fail(ErrorCode.NOT_DEFINED, 'server shutting down', 'aborted');
  }

  private onDatagram(msg: Buffer, rinfo: RemoteInfo): void {
    const r = this.record;
    const packet = decodePacket(msg);
    if (rinfo.address !== r.clientAddress || rinfo.port !== r.clientPort) {
      // RFC 1350 §4: a packet from a wrong TID gets error 5 and must not disturb the transfer.
      r.strayPackets++;
      this.ctx.log(`#${r.id} packet from unknown TID ${rinfo.address}:${rinfo.port}: answered with error 5`);
      // Never answer an error with an error: two confused peers would ping-pong forever.
      if (packet.op !== 'error' && !this.socketClosing) {
        this.ctx.socket.send(encodeError(ErrorCode.UNKNOWN_TID, 'Unknown transfer ID'), rinfo.port, rinfo.address);
      }
      return;
    }
    if (this.ended) {
      if (packet.op !== 'malformed' && packet.op !== 'error') this.onLatePacket(packet);
      return;
    }
    if (packet.op === 'error') {
      this.finish('client-error', { code: packet.code, message: packet.message, from: 'client' });
      this.closeSocket();
      return;
    }
    if (packet.op === 'malformed') {
      this.fail(ErrorCode.ILLEGAL_OPERATION, packet.reason, 'bad-request');
      return;
    }
    this.onPacket(packet);
  }

  protected send(parts: Buffer | Buffer[]): void {
    if (this.socketClosing) return;
    this.ctx.socket.send(parts, this.record.clientPort, this.record.clientAddress, (err) => {
      // Lost sends (ENOBUFS under load) are what the retransmission timer is for.
      if (err) this.ctx.log(`#${this.record.id} send failed: ${err.message}`);
    });
  }

  /** (Re)starts the retransmission timer for the packets just sent. */
  protected armTimer(): void {
    if (this.timer) {
      this.timer.refresh();
      return;
    }
    this.timer = setTimeout(() => this.onTimer(), this.ctx.timeoutMs);
  }

  /** The client answered something new: the retry budget starts again. */
  protected progressed(): void {
    this.retriesLeft = this.ctx.retries;
  }

  private onTimer(): void {
    this.timer = undefined;
    this.record.timeouts++;
    if (this.retriesLeft <= 0) {
      this.finish('timeout');
      this.closeSocket();
      return;
    }
    this.retriesLeft--;
    this.retransmit();
  }

  /** Sends an error packet, records it, and closes the socket once the packet has left. */
  protected fail(code: number, message: string, outcome: TransferOutcome): void {
    this.finish(outcome, { code, message, from: 'server' });
    if (this.socketClosing) return;
    this.socketClosing = true;
    this.ctx.socket.send(encodeError(code, message), this.record.clientPort, this.record.clientAddress, () => this.closeNow());
  }

  /** Records the outcome; the caller closes the socket (now, after a packet, or after lingering). */
  protected finish(outcome: TransferOutcome, error?: TransferRecord['error']): void {
    if (this.ended) return;
    this.ended = true;
    this.stopTimer();
    this.record.outcome = outcome;
    this.record.endedAt = new Date();
    if (error) this.record.error = error;
    this.ctx.onEnd(this.record);
  }

  /** Keeps the socket open for `ms` after the outcome (to answer a retransmitted last packet). */
  protected lingerThenClose(ms: number): void {
    this.stopTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.closeSocket();
    }, ms);
  }

  protected closeSocket(): void {
    if (this.socketClosing) return;
    this.socketClosing = true;
    this.closeNow();
  }

  private closeNow(): void {
    this.stopTimer();
    try {
      this.ctx.socket.close();
    } catch {
      // Already closed (ERR_SOCKET_DGRAM_NOT_RUNNING): nothing left to release.
    }
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
