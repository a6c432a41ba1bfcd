// The lab file's `faults:` entries: which fault switch of the virtual lab, and whom it hits.
// The switches themselves, and what each does, are one table (../fault-switches.ts).

import { z } from 'zod';
import { MODEL_NAMES } from '../../formats/phone-models.ts';
import { FAULT_IDS, FAULT_SWITCHES } from '../fault-switches.ts';
import { DEVICE_NAME } from './phones.ts';

export const FaultSchema = z
  .strictObject({
    id: z
      .enum(FAULT_IDS)
      .describe(`Which fault: ${FAULT_IDS.map((id) => `${id} (${FAULT_SWITCHES[id].what})`).join('; ')}`),
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
