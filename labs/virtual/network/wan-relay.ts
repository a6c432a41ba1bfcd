// The WAN relay: the userspace half of the virtual WAN. The router's leg into HQ is a VXLAN
// pair whose UDP underlay runs through this process, which holds every frame for rtt/2
// (each direction) and drops lossPercent of them at random, as netem would. netem is not
// used because some kernels lack it (CI's has no CONFIG_NET_SCH_NETEM); VXLAN and UDP are
// everywhere, and the frames on the bridges stay the kernel's own.
//
// The frames arrive with their inner TCP/UDP checksum possibly not yet computed (the sender
// left it to "hardware" offload, which a userspace hop never performs), so the relay
// computes it before passing a frame on; otherwise the receiver drops every segment.

import dgram from 'node:dgram';
import type { WanRelayPlan } from './plan-types.ts';

const VXLAN_HEADER = 8;
const ETH_HEADER = 14;

export function startWanRelay(plan: WanRelayPlan): Promise<() => void> {
  const fromBranchSide = dgram.createSocket('udp4');
  const fromHqSide = dgram.createSocket('udp4');
  const forward = (to: dgram.Socket, port: number) => (frame: Buffer) => {
    if (plan.lossPercent > 0 && Math.random() * 100 < plan.lossPercent) return;
    fixInnerChecksum(frame);
    // Equal delays fire in arrival order (Node runs timers of one duration FIFO), so the relay never reorders.
    setTimeout(() => to.send(frame, port, plan.peerAddress), plan.oneWayDelayMs);
  };
  // The router-side device sends to the relay on its own port number; the frame goes on to the HQ-side device, and back.
  fromBranchSide.on('message', forward(fromHqSide, plan.hqSidePort));
  fromHqSide.on('message', forward(fromBranchSide, plan.branchSidePort));
  const bind = (socket: dgram.Socket, port: number) =>
    new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, plan.listenAddress, () => resolve());
    });
  return Promise.all([bind(fromBranchSide, plan.branchSidePort), bind(fromHqSide, plan.hqSidePort)]).then(() => () => {
    fromBranchSide.close();
    fromHqSide.close();
  });
}

/** Recomputes the TCP or UDP checksum of the IPv4 packet inside a VXLAN frame, in place. */
export function fixInnerChecksum(frame: Buffer): void {
  const ip = VXLAN_HEADER + ETH_HEADER;
  if (frame.length < ip + 20 || frame.readUInt16BE(VXLAN_HEADER + 12) !== 0x0800) return;
  const headerLength = (frame[ip] ?? 0) % 16 * 4;
  const protocol = frame[ip + 9] ?? 0;
  const end = ip + frame.readUInt16BE(ip + 2);
  const l4 = ip + headerLength;
  // A fragment carries only part of the segment: its checksum cannot be computed here.
  if ((frame.readUInt16BE(ip + 6) & 0x3fff) !== 0 || end > frame.length) return;
  const at = protocol === 6 ? l4 + 16 : protocol === 17 ? l4 + 6 : -1;
  if (at < 0 || at + 2 > end) return;
  if (protocol === 17 && frame.readUInt16BE(at) === 0) return; // UDP without checksum stays so
  frame.writeUInt16BE(0, at);
  let sum = onesSum(frame, ip + 12, ip + 20, protocol + (end - l4));
  sum = onesSum(frame, l4, end, sum);
  let checksum = ~sum & 0xffff;
  if (checksum === 0 && protocol === 17) checksum = 0xffff;
  frame.writeUInt16BE(checksum, at);
}

function onesSum(buf: Buffer, start: number, end: number, initial: number): number {
  let sum = initial;
  let i = start;
  for (; i + 1 < end; i += 2) sum += buf.readUInt16BE(i);
  if (i < end) sum += (buf[i] ?? 0) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}
