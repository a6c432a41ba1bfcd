// Sending a file (RRQ): the OACK if options were granted, then DATA in windows of
// `windowSize` blocks (RFC 7440; windowSize 1 is plain RFC 1350 lock-step).
//
// Blocks are numbered absolutely here (1, 2, ... past 65535) and wrapped to 16 bits only on
// the wire: after 65535 comes 0, as tftp-hpa, atftp and most clients expect. An ACK's wire
// number is unwrapped against the last block acknowledged, so a rollover is never mistaken
// for an old ACK, and an old ACK never for a new one.
//
// ACK handling, and why there is no Sorcerer's Apprentice (RFC 1123 §4.2.3.1):
// - an ACK of the last block of the window: the next window goes out;
// - an ACK inside the window (the client lost a block, RFC 7440 §4): the next window starts
//   right after the acknowledged block;
// - an ACK of what was already acknowledged (a duplicate, or the client re-ACKing because
//   our window was slow): ignored and counted. Only the timer resends. Answering duplicates
//   would double every packet from the first delay on, which is the Sorcerer's Apprentice.

import type { Packet } from './packets.ts';
import { ErrorCode, encodeDataHeader, encodeOack } from './packets.ts';
import type { TransferContent } from './transfer-content.ts';
import type { TransferContext } from './transfer.ts';
import { Transfer } from './transfer.ts';

export interface ReadTransferSetup {
  content: TransferContent;
  blockSize: number;
  windowSize: number;
  /** Options to acknowledge; empty: start with DATA 1 (RFC 1350). */
  oack: [string, string][];
}

export class ReadTransfer extends Transfer {
  private readonly content: TransferContent;
  private readonly blockSize: number;
  private readonly windowSize: number;
  private readonly oack: Buffer | undefined;
  /** The last block: the first shorter than blockSize (0 bytes when the size is a multiple). */
  private readonly lastBlock: number;
  private waitingForOackAck: boolean;
  /** Highest block the client acknowledged (0: none yet). */
  private acked = 0;
  /** Last block of the window in flight. */
  private windowEnd = 0;
  /** Highest block ever sent: a block at or below it sent again is a retransmission. */
  private highestSent = 0;

  constructor(ctx: TransferContext, setup: ReadTransferSetup) {
    super(ctx);
    this.content = setup.content;
    this.blockSize = setup.blockSize;
    this.windowSize = setup.windowSize;
    this.lastBlock = Math.floor(setup.content.size / setup.blockSize) + 1;
    this.oack = setup.oack.length > 0 ? encodeOack(setup.oack) : undefined;
    this.waitingForOackAck = this.oack !== undefined;
    const r = this.record;
    r.size = setup.content.size;
    r.blockSize = setup.blockSize;
    r.windowSize = setup.windowSize;
    r.optionsGranted = Object.fromEntries(setup.oack);
  }

  start(): void {
    if (this.oack) {
      this.send(this.oack);
      this.armTimer();
    } else {
      this.sendWindow(1);
    }
  }

  protected onPacket(packet: Packet): void {
    if (packet.op !== 'ack') {
      this.fail(ErrorCode.ILLEGAL_OPERATION, `expected ACK, got ${packet.op.toUpperCase()}`, 'bad-request');
      return;
    }
    if (this.waitingForOackAck) {
      // RFC 2347: the client acknowledges the OACK with ACK 0. Anything else is ignored here
      // and the OACK is resent on timeout.
      if (packet.block !== 0) {
        this.record.duplicates++;
        return;
      }
      this.waitingForOackAck = false;
      this.progressed();
      this.sendWindow(1);
      return;
    }
    const delta = (packet.block - (this.acked & 0xffff)) & 0xffff;
    const block = this.acked + delta;
    if (delta === 0 || block > this.windowEnd) {
      // Already acknowledged, or older still (a wrapped old ACK lands beyond the window).
      this.record.duplicates++;
      return;
    }
    this.acked = block;
    this.record.bytesAcknowledged = Math.min(block * this.blockSize, this.content.size);
    this.progressed();
    if (block === this.lastBlock) {
      this.finish('complete');
      this.closeSocket();
      return;
    }
    this.sendWindow(block + 1);
  }

  protected retransmit(): void {
    if (this.waitingForOackAck && this.oack) {
      this.record.retransmits++;
      this.send(this.oack);
      this.armTimer();
      return;
    }
    this.sendWindow(this.acked + 1);
  }

  private sendWindow(first: number): void {
    const last = Math.min(first + this.windowSize - 1, this.lastBlock);
    const r = this.record;
    for (let block = first; block <= last; block++) {
      const offset = (block - 1) * this.blockSize;
      let payload: Buffer;
      try {
        payload = this.content.read(offset, Math.max(0, Math.min(this.blockSize, this.content.size - offset)));
      } catch (e) {
        this.fail(ErrorCode.NOT_DEFINED, `cannot read ${r.file}: ${(e as Error).message}`, 'store-error');
        return;
      }
      this.send([encodeDataHeader(block), payload]);
      r.packetsSent++;
      r.bytesSent += payload.length;
      this.ctx.onDataSent(payload.length);
      if (block <= this.highestSent) {
        r.retransmits++;
      } else {
        this.highestSent = block;
        r.blocks++;
      }
    }
    this.windowEnd = last;
    this.armTimer();
  }
}
