// A complete, small TFTP download client (RRQ, OACK, RFC 7440 windows, rollover), used
// where a test or the benchmark needs many clients in one process. It is independent of
// the server's code apart from the packet codec, and is itself checked against the real
// clients' results in real-clients.test.ts (same bytes, same checksum).
import { createHash } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { decodePacket, encodeAck, encodeError, encodeRequest } from '../../../../labs/virtual/tftp/packets.ts';

export interface DownloadOptions {
  port: number;
  host?: string;
  file: string;
  options?: [string, string][];
  /** Local address to send from (a distinct 127.x per client makes per-client accounting visible). */
  bindAddress?: string;
  /** Keep the bytes (default) or only hash them (the benchmark's 8 MB per client). */
  keep?: boolean;
  /** Client-side retransmission timeout. */
  timeoutMs?: number;
  retries?: number;
}

export interface DownloadResult {
  size: number;
  sha256: string;
  content?: Buffer;
  oack?: Record<string, string>;
  blocks: number;
  serverPort: number;
}

export function download(opts: DownloadOptions): Promise<DownloadResult> {
  const host = opts.host ?? '127.0.0.1';
  const keep = opts.keep ?? true;
  const timeoutMs = opts.timeoutMs ?? 1000;
  const socket = createSocket('udp4');
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;
  let blockSize = 512;
  let windowSize = 1;
  let expected = 1;
  let sinceAck = 0;
  let gapAnswered = false;
  let serverPort = -1;
  let oack: Record<string, string> | undefined;
  let last: Buffer = encodeRequest('rrq', opts.file, 'octet', opts.options ?? []);
  let retriesLeft = opts.retries ?? 10;

  return new Promise<DownloadResult>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const finish = (err: Error | undefined) => {
      if (timer) clearTimeout(timer);
      socket.close(() => {
        if (err) reject(err);
        else resolve({ size, sha256: hash.digest('hex'), content: keep ? Buffer.concat(chunks) : undefined, oack, blocks: expected - 1, serverPort });
      });
    };
    const send = (msg: Buffer, remember = true) => {
      if (remember) last = msg;
      socket.send(msg, serverPort > 0 ? serverPort : opts.port, host);
      if (timer) timer.refresh();
      else timer = setTimeout(onTimeout, timeoutMs);
    };
    const onTimeout = () => {
      timer = undefined;
      if (retriesLeft-- <= 0) return finish(new Error(`${opts.file}: timed out at block ${expected}`));
      send(last);
    };
    socket.on('message', (msg, from) => {
      if (serverPort < 0) serverPort = from.port;
      else if (from.port !== serverPort) {
        socket.send(encodeError(5, 'Unknown transfer ID'), from.port, from.address);
        return;
      }
      const p = decodePacket(msg);
      retriesLeft = opts.retries ?? 10;
      if (p.op === 'error') return finish(new Error(`${opts.file}: error ${p.code}: ${p.message}`));
      if (p.op === 'oack' && expected === 1 && sinceAck === 0) {
        oack = Object.fromEntries(p.options);
        blockSize = Number(oack.blksize ?? 512);
        windowSize = Number(oack.windowsize ?? 1);
        return send(encodeAck(0));
      }
      if (p.op !== 'data') return finish(new Error(`${opts.file}: unexpected ${p.op}`));
      if (p.block !== (expected & 0xffff)) {
        // A gap (lost block) or a repeat: ACK the last good block once, then wait.
        if (!gapAnswered) {
          gapAnswered = true;
          send(last);
        }
        return;
      }
      gapAnswered = false;
      expected++;
      sinceAck++;
      size += p.payload.length;
      hash.update(p.payload);
      if (keep) chunks.push(p.payload);
      if (p.payload.length < blockSize) {
        socket.send(encodeAck(expected - 1), serverPort, host, () => finish(undefined));
        return;
      }
      if (sinceAck >= windowSize) {
        sinceAck = 0;
        send(encodeAck(expected - 1));
      }
    });
    socket.once('error', (err) => finish(err));
    socket.bind({ address: opts.bindAddress ?? '127.0.0.1', port: 0 }, () => send(last));
  });
}
