// Fault switches of the virtual lab: each makes the twin misbehave the way one known bug
// (or one generic failure) does, so a suite can prove it notices. Set in the lab file,
// never from a suite (design rule 2).

import { z } from 'zod';
import { MODEL_NAMES } from '../../pfs/models.ts';
import { DEVICE_NAME } from './phones.ts';

/** What each fault does in the virtual lab (titles from pfs-reference.md §6, generic ones ours). */
export const FAULTS = {
  CSCtg96408: 'phone fails to boot after a PFS upgrade',
  CSCso40251: 'no Peer Firmware Sharing field for 7975/7965 in CUCM',
  CSCsh98792: 'BAT Update Phones cannot set product-specific parameters',
  CSCud66570: '7931: Peer Firmware Sharing always disabled',
  CSCui49910: 'no Peer Firmware Sharing in the phone web page network setup',
  CSCus67416: 'PFS enabled, yet a phone still downloads firmware from the servers',
  CSCtb49726: 'PFS option missing from product-specific configuration on 7942/7962',
  CSCsh20977: 'PFS offered as a product-specific feature enterprise-wide',
  'parent-power-loss': 'a parent loses power in the middle of a transfer to its children',
  'early-forward': 'a parent forwards a file to its children before it has it completely',
  'third-child': 'a parent accepts a third child',
  'cross-model-answer': 'a phone of another model answers a hierarchy claim',
  'corrupt-hop': 'a peer-to-peer hop corrupts the file it forwards',
  'blind-capture': 'a capture point sees nothing: it listens on an interface the lab\'s traffic does not cross',
} as const;

export type FaultId = keyof typeof FAULTS;
export const FAULT_IDS = Object.keys(FAULTS) as [FaultId, ...FaultId[]];

export const FaultSchema = z
  .strictObject({
    id: z
      .enum(FAULT_IDS)
      .describe(`Which fault: ${Object.entries(FAULTS).map(([id, what]) => `${id} (${what})`).join('; ')}`),
    phones: z
      .array(z.string().regex(DEVICE_NAME, 'expected a device name, e.g. SEP001122AABBCC'))
      .min(1)
      .optional()
      .describe('Only these phones misbehave (default: any phone the fault applies to)'),
    models: z
      .array(z.enum(MODEL_NAMES as [string, ...string[]]))
      .min(1)
      .optional()
      .describe('Only phones of these models misbehave'),
  })
  .describe('A fault switch of the virtual lab');
