// Reads header lines from a TCP 4051 stream: the parent's side, which reads the child's JOIN
// (the child reads the parent's answer and the file with peer-receiver.ts). Pull-based.
import type { Socket } from 'node:net';
import { MAX_HEADER_LINE } from './messages.ts';
import { Wakeup } from './wakeup.ts';

export class PeerStream {
  private buffered: Buffer = Buffer.alloc(0);
  private readonly arrived = new Wakeup();
  private ended = false;
  private error: Error | undefined;
  constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buffered = this.buffered.length === 0 ? d : Buffer.concat([this.buffered, d]);
      this.arrived.wake();
    });
    socket.on('end', () => {
      this.ended = true;
      this.arrived.wake();
    });
    socket.on('close', () => {
      this.ended = true;
      this.arrived.wake();
    });
    socket.on('error', (e) => {
      this.error = e;
      this.arrived.wake();
    });
  }

  /** The next line without its newline; undefined when the stream ends first. */
  async line(): Promise<string | undefined> {
    for (;;) {
      const nl = this.buffered.indexOf(10);
      if (nl >= 0) {
        const line = this.buffered.toString('latin1', 0, nl);
        this.buffered = this.buffered.subarray(nl + 1);
        return line;
      }
      if (this.buffered.length > MAX_HEADER_LINE) throw new Error(`header line longer than ${MAX_HEADER_LINE} bytes`);
      if (this.ended || this.error) return undefined;
      await this.arrived.next();
    }
  }
}
