// Receiving a file (WRQ), for stores that accept uploads. ACK 0 (or the OACK) invites
// DATA 1; blocks are taken in order only; an ACK goes out after every `windowSize` blocks
// (RFC 7440), after the short last block, and once when a gap or a duplicate shows the
// client missed our last ACK. The store gets the whole file at the end, so a broken upload
// never leaves half a file behind. After the last ACK the socket lingers one timeout to
// re-acknowledge a retransmitted last block (RFC 1350's "dallying").

import type { Packet } from './packets.ts';
import { ErrorCode, encodeAck, encodeOack } from './packets.ts';
import { fromNetascii } from './netascii.ts';
import type { TransferContext } from './transfer.ts';
import { Transfer } from './transfer.ts';

export interface WriteTransferSetup {
  mode: 'octet' | 'netascii';
  blockSize: number;
  windowSize: number;
  oack: [string, string][];
  maxSize: number;
  /** Stores the finished file; throws to refuse it. */
  store: (content: Buffer) => void;
}

export class WriteTransfer extends Transfer {
  private readonly setup: WriteTransferSetup;
  private readonly chunks: Buffer[] = [];
  /** Next block expected, absolute (wire number wraps after 65535 to 0). */
  private expected = 1;
  private sinceAck = 0;
  /** The packet that answers the client's last good block: OACK, ACK 0, or ACK n. */
  private lastAnswer: Buffer;
  /** A gap or duplicate was already answered with lastAnswer; wait for the client to resume. */
  private gapAnswered = false;

  constructor(ctx: TransferContext, setup: WriteTransferSetup) {
    super(ctx);
    this.setup = setup;
    this.lastAnswer = setup.oack.length > 0 ? encodeOack(setup.oack) : encodeAck(0);
    const r = this.record;
    r.blockSize = setup.blockSize;
    r.windowSize = setup.windowSize;
    r.optionsGranted = Object.fromEntries(setup.oack);
  }

  start(): void {
    this.send(this.lastAnswer);
    this.armTimer();
  }

  protected onPacket(packet: Packet): void {
    if (packet.op !== 'data') {
      this.fail(ErrorCode.ILLEGAL_OPERATION, `expected DATA, got ${packet.op.toUpperCase()}`, 'bad-request');
      return;
    }
    const r = this.record;
    if (packet.block !== (this.expected & 0xffff)) {
      r.duplicates++;
      if (!this.gapAnswered) {
        this.gapAnswered = true;
        this.answer(true);
      }
      return;
    }
    const { payload } = packet;
    if (payload.length > this.setup.blockSize) {
      this.fail(ErrorCode.ILLEGAL_OPERATION, `DATA of ${payload.length} bytes exceeds blksize ${this.setup.blockSize}`, 'bad-request');
      return;
    }
    r.bytesReceived += payload.length;
    if (r.bytesReceived > this.setup.maxSize) {
      this.fail(ErrorCode.DISK_FULL, `upload exceeds ${this.setup.maxSize} bytes`, 'disk-full');
      return;
    }
    this.chunks.push(payload);
    r.blocks++;
    this.expected++;
    this.sinceAck++;
    this.gapAnswered = false;
    this.progressed();
    if (payload.length < this.setup.blockSize) {
      this.complete();
      return;
    }
    if (this.sinceAck >= this.setup.windowSize) this.answer(false);
    else this.armTimer();
  }

  protected retransmit(): void {
    this.answer(true);
  }

  protected override onLatePacket(packet: Packet): void {
    // The client did not get our last ACK and sent its last block again.
    if (packet.op === 'data') {
      this.record.duplicates++;
      this.record.retransmits++;
      this.send(this.lastAnswer);
    }
  }

  private answer(again: boolean): void {
    if (!again) {
      this.lastAnswer = encodeAck(this.expected - 1);
      this.sinceAck = 0;
    } else {
      this.record.retransmits++;
    }
    this.send(this.lastAnswer);
    this.armTimer();
  }

  private complete(): void {
    const wire = Buffer.concat(this.chunks);
    const content = this.setup.mode === 'netascii' ? fromNetascii(wire) : wire;
    try {
      this.setup.store(content);
    } catch (e) {
      this.fail(ErrorCode.DISK_FULL, `cannot store ${this.record.file}: ${(e as Error).message}`, 'store-error');
      return;
    }
    this.record.size = content.length;
    this.lastAnswer = encodeAck(this.expected - 1);
    this.send(this.lastAnswer);
    this.finish('complete');
    this.lingerThenClose(this.ctx.timeoutMs);
  }
}
