// CUCM-side fault switches: each one reproduces a known CUCM defect (pfs-reference §6) and
// changes only what that defect changes. They are set in the lab description, never by a
// suite. What each one does, and what it leaves alone:
//
// CSCso40251  No "Peer Firmware Sharing" field on the Phone Configuration page (and on the
//             Bulk Administration page) of 7965/7975. AXL and the configuration file still
//             carry the phone's setting; the profile and enterprise levels still work.
// CSCtb49726  The same hole in the Product Specific Configuration Layout of 7942/7962.
// CSCsh98792  Bulk Administration "Update Phones" reports every phone as updated but does not
//             set product-specific parameters; its other fields (description, profile, load)
//             are set, and the job still applies the configuration.
// CSCsh20977  The Enterprise Phone Configuration has no Peer Firmware Sharing parameter: not on
//             the page, not in getEnterprisePhoneConfig, ignored by updateEnterprisePhoneConfig,
//             and not used when a phone's effective value is worked out (the built-in default
//             applies where neither phone nor profile overrides).
//
// Which ids are CUCM-side, and the models each defect was reported for, is the one table
// of fault switches (harness/lab/fault-switches.ts).

import type { CucmFaultId } from '../../../harness/lab/fault-switches.ts';
import { CUCM_FAULT_IDS, FAULT_SWITCHES, isCucmFault } from '../../../harness/lab/fault-switches.ts';

export class Faults {
  private readonly active = new Map<CucmFaultId, readonly string[] | null>();

  constructor(specs: readonly { id: string; models?: string[] }[] = []) {
    for (const spec of specs) {
      if (!isCucmFault(spec.id)) throw new Error(`unknown CUCM fault switch: ${spec.id} (known: ${CUCM_FAULT_IDS.join(', ')})`);
      // null: the defect hits every model.
      this.active.set(spec.id, spec.models ?? FAULT_SWITCHES[spec.id].reportedFor ?? null);
    }
  }

  /** Whether the fault is on and hits this model. */
  hits(id: CucmFaultId, model?: string): boolean {
    if (!this.active.has(id)) return false;
    const models = this.active.get(id);
    return models === null || models === undefined || model === undefined || models.includes(model);
  }

  /** The Peer Firmware Sharing field is missing from pages showing this model's layout. */
  pfsFieldMissingOnPages(model: string): boolean {
    return this.hits('CSCso40251', model) || this.hits('CSCtb49726', model);
  }

  bulkSkipsProductSpecific(model: string): boolean {
    return this.hits('CSCsh98792', model);
  }

  enterpriseLacksPfs(): boolean {
    return this.hits('CSCsh20977');
  }

  list(): CucmFaultId[] {
    return [...this.active.keys()];
  }
}
