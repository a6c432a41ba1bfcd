// The lab description schema (labs/*.yaml). Every object is strict: an unknown key is an
// error, because a misspelt key (pasword:, timout:) silently ignored is a lab that does not
// do what its author thinks. Checks that need the whole lab (references, duplicates,
// addresses inside subnets) live in cross-checks.ts; this file is the shape only.

import { z } from 'zod';
import { refName } from './schema/common.ts';
import { CaptureSchema } from './schema/captures.ts';
import { CucmSchema, TftpSchema } from './schema/cucm-tftp.ts';
import { FaultSchema } from './schema/faults.ts';
import { LeaseStoreSchema } from './schema/lease.ts';
import { LoadSchema } from './schema/loads.ts';
import { LogServerSchema } from './schema/log-server.ts';
import { SubnetSchema, WanSchema } from './schema/network.ts';
import { PhoneSchema } from './schema/phones.ts';
import { SwitchSchema } from './schema/switches.ts';

const FRACTION = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/;

/** The factor a sizeScale stands for: 0.0625, or "1/16" written as a fraction. */
export function scaleFactor(value: number | string | undefined): number {
  if (value === undefined) return 1;
  if (typeof value === 'number') return value;
  const m = FRACTION.exec(value);
  return m?.[1] && m[2] ? Number(m[1]) / Number(m[2]) : NaN;
}

export const LabSchema = z
  .strictObject({
    name: refName('Lab name (reports, lease, journal)'),
    kind: z.enum(['virtual', 'real']).describe('virtual: the twin on this machine; real: hardware'),
    description: z.string().optional().describe('Free text for people'),
    timeScale: z
      .number()
      .positive()
      .max(10)
      .optional()
      .describe('Virtual labs: every virtual timer is multiplied by this (0.1 = ten times faster; default 1)'),
    sizeScale: z
      .union([z.number(), z.string()])
      .refine((v) => {
        const f = scaleFactor(v);
        return f > 0 && f <= 1;
      }, 'expected a factor in (0, 1], as a number (0.0625) or a fraction ("1/16")')
      .optional()
      .describe('Virtual labs: firmware files are served at this fraction of their real size so tests run fast (default 1)'),
    cucm: CucmSchema,
    tftp: TftpSchema,
    switches: z.array(SwitchSchema).default([]).describe('PoE switches'),
    subnets: z.array(SubnetSchema).min(1).describe('Subnets the phones are in'),
    phones: z.array(PhoneSchema).min(1).describe('The phones under test'),
    captures: z.array(CaptureSchema).default([]).describe('Packet capture points'),
    wan: WanSchema.optional(),
    loads: z.array(LoadSchema).min(1).describe('The target load of each model, and the baseline load its phones are brought back to between upgrades'),
    faults: z.array(FaultSchema).default([]).describe('Virtual labs: fault switches (empty: a healthy lab)'),
    lease: LeaseStoreSchema.optional(),
    logServer: LogServerSchema.optional(),
  })
  .describe('A pfslab lab description');

/** The lab as validated (defaults applied). */
export type LabSpec = z.output<typeof LabSchema>;
/** A phone's entry in the lab description (not the twin's PhoneSpec: what a virtual phone process is started with). */
export type LabPhoneSpec = LabSpec['phones'][number];
export type SwitchSpec = LabSpec['switches'][number];
export type SubnetSpec = LabSpec['subnets'][number];
export type CaptureSpec = LabSpec['captures'][number];
export type LoadSpec = LabSpec['loads'][number];
export type FaultSpec = LabSpec['faults'][number];
