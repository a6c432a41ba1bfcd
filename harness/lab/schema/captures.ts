// Capture points: where tcpdump runs. One of three places: this host, a network namespace
// of this host (the virtual lab), or a capture host reached over SSH (a SPAN port in a
// real lab).

import { z } from 'zod';
import { host, interfaceName, positiveInt, refName, tcpUdpPort } from './common.ts';
import { secretRefField } from './secret-ref.ts';
import { HostKeySchema } from './host-key.ts';

const LocalCaptureSchema = z
  .strictObject({ interface: interfaceName('Interface to capture on') })
  .describe('tcpdump on this host');

const NetnsCaptureSchema = z
  .strictObject({
    namespace: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected a network namespace name, e.g. pfs-branch-a').describe('Network namespace (ip netns) to run tcpdump in'),
    interface: interfaceName('Interface inside the namespace'),
  })
  .describe('tcpdump inside a network namespace of this host');

const SshCaptureSchema = z
  .strictObject({
    host: host('Capture host (e.g. the box on the switch\'s SPAN port)'),
    port: tcpUdpPort('SSH port').default(22),
    user: z.string().min(1).describe('SSH user on the capture host (needs tcpdump rights)'),
    password: secretRefField('SSH password').optional(),
    privateKey: secretRefField('SSH private key (its content, e.g. file:/home/me/.ssh/pfslab_ed25519)').optional(),
    interface: interfaceName('Interface on the capture host'),
    hostKey: HostKeySchema.optional(),
  })
  .describe('tcpdump on a remote host over SSH; without password and privateKey the SSH agent is used');

const RingSchema = z
  .strictObject({
    fileSizeMB: positiveInt('Rotate after this many MB (tcpdump -C)'),
    files: positiveInt('Keep this many files (tcpdump -W)'),
  })
  .describe('Ring buffer, so a long run cannot fill the disk');

export const CaptureSchema = z
  .strictObject({
    name: refName('Capture name (used in evidence file names)'),
    local: LocalCaptureSchema.optional(),
    netns: NetnsCaptureSchema.optional(),
    ssh: SshCaptureSchema.optional(),
    // Byte counts come from IP/TCP headers, so a short snaplen would do for PFS analysis; the
    // default keeps whole packets because TFTP file names and payload checks need them.
    snaplen: z.number().int().min(0).max(262_144).default(262_144).describe('Bytes kept per packet (tcpdump -s; 0 = whole packet)'),
    filter: z.string().optional().describe('Extra pcap filter expression (default: everything)'),
    ring: RingSchema.optional(),
  })
  .superRefine((c, ctx) => {
    const where = (['local', 'netns', 'ssh'] as const).filter((k) => c[k] !== undefined);
    if (where.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: where.length === 0 ? 'give one of local, netns or ssh' : `give only one of local, netns or ssh (got ${where.join(', ')})`,
      });
    }
  })
  .describe('A packet capture point');
