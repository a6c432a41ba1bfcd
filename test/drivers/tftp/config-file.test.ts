// parsePhoneConfigFile on text (offline): where the effective PFS value comes from.
import assert from 'node:assert/strict';
import { ConfigFileParseError, parsePhoneConfigFile } from '../../../drivers/tftp/config-file.ts';
import { configFileXml } from './support/fixtures.ts';

describe('drivers/tftp parsePhoneConfigFile', function () {
  it('reads PFS 0 as disabled, from vendorConfig', function () {
    const c = parsePhoneConfigFile(configFileXml('0'), 'x.cnf.xml');
    assert.equal(c.peerFirmwareSharing, false);
    assert.equal(c.peerFirmwareSharingText, '0');
  });

  it('falls back to commonConfig, then reports an absent setting as such', function () {
    const common = '<device><loadInformation>L</loadInformation><vendorConfig></vendorConfig><commonConfig><peerFirmwareSharing>1</peerFirmwareSharing></commonConfig></device>';
    const c = parsePhoneConfigFile(common, 'a.cnf.xml');
    assert.equal(c.peerFirmwareSharing, true);
    assert.equal(c.peerFirmwareSharingSource, 'commonConfig');
    const none = parsePhoneConfigFile('<device><loadInformation></loadInformation></device>', 'b.cnf.xml');
    assert.equal(none.peerFirmwareSharing, false);
    assert.equal(none.peerFirmwareSharingSource, 'absent');
    assert.equal(none.sshAccess, true);
  });

  it('names the file when it is not a config file', function () {
    assert.throws(() => parsePhoneConfigFile('<html/>', 'SEP1.cnf.xml'), (e: Error) => e instanceof ConfigFileParseError && e.message === 'SEP1.cnf.xml: no <device> element');
  });
});
