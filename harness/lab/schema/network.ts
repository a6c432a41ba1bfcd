// Subnets (PFS shares only within one broadcast domain) and the shaped WAN between the
// branch and headquarters in a virtual lab.

import { z } from 'zod';
import { cidr, refName } from './common.ts';

export const SubnetSchema = z
  .strictObject({
    name: refName('Subnet name, referred to by phones[].subnet'),
    cidr: cidr('Network in CIDR notation, host bits zero, e.g. 10.20.1.0/24'),
  })
  .describe('An IPv4 subnet (one broadcast domain)');

/** tc's rate units, the ones a lab author is likely to write. */
const BANDWIDTH = /^(\d+(?:\.\d+)?)\s*(bit|kbit|mbit|gbit|bps|kbps|mbps|gbps)$/i;

const UNIT_BITS: Record<string, number> = {
  bit: 1,
  kbit: 1e3,
  mbit: 1e6,
  gbit: 1e9,
  // tc's "bps" means BYTES per second; we follow tc so a value copied from a tc command means the same.
  bps: 8,
  kbps: 8e3,
  mbps: 8e6,
  gbps: 8e9,
};

/** Bits per second of a bandwidth written as a number (bits/s) or a tc rate like "2mbit". */
export function bandwidthBitsPerSecond(value: number | string): number | undefined {
  if (typeof value === 'number') return value > 0 ? value : undefined;
  const m = BANDWIDTH.exec(value.trim());
  if (!m?.[1] || !m[2]) return undefined;
  const bits = Number(m[1]) * (UNIT_BITS[m[2].toLowerCase()] ?? NaN);
  return bits > 0 ? bits : undefined;
}

export const WanSchema = z
  .strictObject({
    bandwidth: z
      .union([z.number().positive(), z.string()])
      .refine((v) => bandwidthBitsPerSecond(v) !== undefined, 'expected bits/s as a number or a tc rate such as "2mbit", "512kbit"')
      .describe('Branch<->HQ link rate: bits/s, or a tc rate like "2mbit" (note: tc\'s "bps" is bytes/s)'),
    rttMs: z.number().min(0).max(10_000).describe('Round-trip time added on the WAN, in ms'),
    lossPercent: z.number().min(0).max(100).default(0).describe('Random packet loss on the WAN, in percent'),
  })
  .describe('The shaped WAN between the branch subnets and headquarters (virtual labs)');
