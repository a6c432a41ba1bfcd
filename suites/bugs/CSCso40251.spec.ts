// CSCso40251: no "Peer Firmware Sharing" field for the 7975 and 7965 in CUCM (reported on
// ES 5.1.2.3127-1). The defect: the Phone Configuration page of a 7965/7975 has no PFS field
// in its Product Specific Configuration Layout, so an administrator cannot set PFS per phone
// (AXL and the config file still carry it). This suite asserts, for every lab phone of model
// CP-7965G or CP-7975G, that the CUCM web page shows the field, that a value saved on the page
// is kept (read back from the page) and reaches the phone's config file on TFTP. Not
// applicable (skipped, with the reason) on a lab without such phones.
import { useLab } from '../../harness/run/suite-kit.ts';
import { webPfsFieldTests } from '../support/web-pfs-field.ts';

describe('CSCso40251: Peer Firmware Sharing on the CUCM page of the 7965/7975', function () {
  const lab = useLab();
  webPfsFieldTests(lab, ['CP-7965G', 'CP-7975G']);
});
