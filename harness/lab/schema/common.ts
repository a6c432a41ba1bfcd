// Small field types shared by the lab schema parts. Messages are written for the person
// editing the YAML: they say what is expected, with an example.

import { z } from 'zod';
import { isIpv4, parseCidr } from '../../formats/ipv4.ts';

/** A name other entries refer to (subnet, switch, capture): no spaces, no YAML-hostile characters. */
export const refName = (description: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected a name of letters, digits, "_", "." or "-", e.g. branch-a')
    .describe(description);

export const ipv4 = (description: string) =>
  z
    .string()
    .refine(isIpv4, 'expected an IPv4 address, e.g. 10.20.1.21')
    .describe(description);

const HOST_NAME = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** A host: an IPv4 address or a DNS name (real labs often name their switches). */
export const host = (description: string) =>
  z
    .string()
    // Digits and dots only is meant as an address, so 10.10.0.300 is an error, not a name.
    .refine((v) => (/^[\d.]+$/.test(v) ? isIpv4(v) : HOST_NAME.test(v)), 'expected an IPv4 address or a host name')
    .describe(description);

export const cidr = (description: string) =>
  z
    .string()
    .refine((v) => parseCidr(v) !== undefined, 'expected an IPv4 CIDR, e.g. 10.20.1.0/24')
    .describe(description);

export const tcpUdpPort = (description: string) => z.number().int().min(1).max(65535).describe(description);

export const positiveInt = (description: string) => z.number().int().positive().describe(description);

export const durationMs = (description: string) => z.number().int().positive().max(3_600_000).describe(description);

/** Linux interface names: at most 15 bytes, no "/" or whitespace. */
export const interfaceName = (description: string) =>
  z
    .string()
    .regex(/^[^\s/:]{1,15}$/, 'expected a Linux interface name (1-15 characters, no "/", ":" or spaces), e.g. eth0')
    .describe(description);

export const url = (description: string) =>
  z
    .string()
    .refine((v) => {
      try {
        const u = new URL(v);
        return u.protocol === 'https:' || u.protocol === 'http:';
      } catch {
        return false;
      }
    }, 'expected an http(s) URL, e.g. https://cucm.example.net/')
    .describe(description);
