// Reading a SEP<MAC>.cnf.xml the way a test needs it.

import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false });

export interface ConfigDevice {
  '@_uuid': string;
  deviceProtocol: string;
  sshUserId: string;
  sshPassword: string;
  devicePool: { name: string; callManagerGroup: { members: { member: { callManager: { processNodeName: string } } } } };
  loadInformation: string;
  vendorConfig: Record<string, string>;
  versionStamp: string;
}

export function parseConfig(xml: string): ConfigDevice {
  return (parser.parse(xml) as { device: ConfigDevice }).device;
}
