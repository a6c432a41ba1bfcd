// The XML page readers on captured text (offline): elements a firmware adds are kept in
// raw, capitalisation differences are tolerated, a missing element is an empty string.
import assert from 'node:assert/strict';
import { parseDeviceInformation, parseNetworkConfiguration, runsLoad, XmlPageError } from '../../../drivers/phone/index.ts';

// Shaped like a 79xx page of another release: other capitalisation, extra elements, no phoneDN.
const DEVICE_INFO = `<?xml version="1.0" encoding="utf-8"?>
<DeviceInformation>
<HostName>SEP001122AABBCC</HostName>
<MacAddress>001122AABBCC</MacAddress>
<serialNumber>FCH1234ABCD</serialNumber>
<modelNumber>CP-7965G</modelNumber>
<versionID>SCCP45.9-4-2SR2-2S</versionID>
<appLoadID>jar45sccp.9-4-2ES26.sbn</appLoadID>
<udi>phone Cisco Unified IP Phone 7965G, Global V02 FCH1234ABCD</udi>
<addonModule1></addonModule1>
<time>10:41:17a</time>
</DeviceInformation>
`;

const NETWORK = `<?xml version="1.0"?>
<NetworkConfiguration>
<IPAddress>10.20.1.21</IPAddress>
<SubNetMask>255.255.255.0</SubNetMask>
<TFTPServer1>10.10.0.11</TFTPServer1>
<CallManager1>CUCM-PUB  Active</CallManager1>
<CallManager2>CUCM-SUB &amp; Standby</CallManager2>
<CallManager3></CallManager3>
<VLANId>100</VLANId>
</NetworkConfiguration>
`;

describe('drivers/phone XML page readers (golden text)', function () {
  it('DeviceInformationX: typed fields, tolerant names, unknown elements in raw', function () {
    const d = parseDeviceInformation(DEVICE_INFO);
    assert.equal(d.macAddress, '001122AABBCC');
    assert.equal(d.modelNumber, 'CP-7965G');
    assert.equal(d.versionId, 'SCCP45.9-4-2SR2-2S');
    assert.equal(d.phoneDn, '');
    assert.equal(d.raw.udi, 'phone Cisco Unified IP Phone 7965G, Global V02 FCH1234ABCD');
    assert.equal(d.raw.addonModule1, '');
    assert.ok(runsLoad(d, 'SCCP45.9-4-2SR2-2S'));
    assert.ok(!runsLoad(d, 'SCCP45.9-3-1SR1-1S'));
  });

  it('NetworkConfigurationX: entities decoded, empty CallManagers dropped, no PFS entry means undefined', function () {
    const n = parseNetworkConfiguration(NETWORK);
    assert.equal(n.ipAddress, '10.20.1.21');
    assert.deepEqual(n.callManagers, ['CUCM-PUB  Active', 'CUCM-SUB & Standby']);
    assert.equal(n.peerFirmwareSharing, undefined);
    assert.equal(n.raw.VLANId, '100');
  });

  it('a page that is not the expected one is a clear error', function () {
    assert.throws(() => parseDeviceInformation('<html><body>404</body></html>'), (e: Error) => e instanceof XmlPageError && /no <DeviceInformation> element \(got html\)/.test(e.message));
  });
});
