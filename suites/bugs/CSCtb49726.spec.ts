// CSCtb49726: the PFS option is missing from the Product Specific Configuration Layout of the
// 7942 and 7962. The defect: CUCM's Phone Configuration page of a 7942/7962 offers no "Peer
// Firmware Sharing" field, so PFS cannot be set for such a phone on its page. This suite
// asserts, for every lab phone of model CP-7942G or CP-7962G, that the CUCM web page shows the
// field, that a value saved on the page is kept (read back from the page) and reaches the
// phone's config file on TFTP. Not applicable (skipped, with the reason) on a lab without
// such phones.
import { useLab } from '../../harness/run/suite-kit.ts';
import { webPfsFieldTests } from '../support/web-pfs-field.ts';

describe('CSCtb49726: Peer Firmware Sharing on the CUCM page of the 7942/7962', function () {
  const lab = useLab();
  webPfsFieldTests(lab, ['CP-7942G', 'CP-7962G']);
});
