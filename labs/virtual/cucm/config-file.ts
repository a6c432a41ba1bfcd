// SEP<MAC>.cnf.xml as Cisco TFTP builds it for an SCCP 79xx phone. The structure follows
// CUCM-generated files published in open provisioning repositories: <device> with
// fullConfig, deviceProtocol, sshUserId/sshPassword, devicePool (with callManagerGroup),
// commonProfile, loadInformation, vendorConfig, empty commonConfig/enterpriseConfig (the
// effective values are resolved into vendorConfig), versionStamp (epoch-uuid), locales and
// service URLs. Elements a PFS lab never reads carry CUCM's usual defaults.
//
// The SSH password is written in clear, as CUCM does (a known property of these files); the
// harness redacts it from evidence, this file only produces it.

import { escapeXml as x } from './xml-escape.ts';

export interface ConfigFileInput {
  pkid: string;
  /** Counter CUCM gives each device for CTI. */
  ctiId: number;
  devicePool: { pkid: string; name: string };
  /** The CUCM node the phone registers with, also its TFTP server here. */
  cucmAddress: string;
  sshUserId: string;
  sshPassword: string;
  loadInformation: string;
  /** [element, value] pairs in layout order. */
  vendorConfig: readonly (readonly [string, string])[];
}

export function configFileName(deviceName: string): string {
  return `${deviceName.toUpperCase()}.cnf.xml`;
}

export function renderConfigFile(c: ConfigFileInput, versionStamp: string): string {
  const uuid = `{${c.pkid.toUpperCase()}}`;
  const cm = x(c.cucmAddress);
  const vendor = c.vendorConfig.map(([k, v]) => `<${k}>${x(v)}</${k}>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<device xsi:type="axl:XIPPhone" ctiid="${c.ctiId}" uuid="${x(uuid)}">
<fullConfig>true</fullConfig>
<deviceProtocol>SCCP</deviceProtocol>
<sshUserId>${x(c.sshUserId)}</sshUserId>
<sshPassword>${x(c.sshPassword)}</sshPassword>
<ipAddressMode>0</ipAddressMode>
<allowAutoConfig>true</allowAutoConfig>
<ipPreferenceModeControl>0</ipPreferenceModeControl>
<devicePool uuid="{${x(c.devicePool.pkid.toUpperCase())}}">
<revertPriority>0</revertPriority>
<name>${x(c.devicePool.name)}</name>
<dateTimeSetting>
<name>CMLocal</name>
<dateTemplate>M/D/Y</dateTemplate>
<timeZone>Greenwich Standard Time</timeZone>
<olsonTimeZone>Etc/GMT</olsonTimeZone>
</dateTimeSetting>
<callManagerGroup>
<name>Default</name>
<tftpDefault>true</tftpDefault>
<members>
<member priority="0">
<callManager>
<name>${cm}</name>
<description>${cm}</description>
<ports>
<ethernetPhonePort>2000</ethernetPhonePort>
<sipPort>5060</sipPort>
<securedSipPort>5061</securedSipPort>
<mgcpPorts>
<listen>2427</listen>
<keepAlive>2428</keepAlive>
</mgcpPorts>
</ports>
<processNodeName>${cm}</processNodeName>
</callManager>
</member>
</members>
</callManagerGroup>
<srstInfo>
<name>Disable</name>
<srstOption>Disable</srstOption>
<userModifiable>false</userModifiable>
</srstInfo>
<connectionMonitorDuration>120</connectionMonitorDuration>
</devicePool>
<TVS>
<members>
<member priority="0">
<port>2445</port>
<address>${cm}</address>
</member>
</members>
</TVS>
<MissedCallLoggingOption>10</MissedCallLoggingOption>
<commonProfile>
<phonePassword></phonePassword>
<backgroundImageAccess>true</backgroundImageAccess>
<callLogBlfEnabled>2</callLogBlfEnabled>
</commonProfile>
<loadInformation>${x(c.loadInformation)}</loadInformation>
<vendorConfig>
${vendor}
</vendorConfig>
<commonConfig>
</commonConfig>
<enterpriseConfig>
</enterpriseConfig>
<versionStamp>${x(versionStamp)}</versionStamp>
<userLocale>
<name>English_United_States</name>
<uid>1</uid>
<langCode>en_US</langCode>
<version>1.0.0.0-1</version>
<winCharSet>iso-8859-1</winCharSet>
</userLocale>
<networkLocale>United_States</networkLocale>
<networkLocaleInfo>
<name>United_States</name>
<uid>64</uid>
<version>1.0.0.0-1</version>
</networkLocaleInfo>
<deviceSecurityMode>1</deviceSecurityMode>
<idleTimeout>0</idleTimeout>
<authenticationURL>http://${cm}:8080/ccmcip/authenticate.jsp</authenticationURL>
<directoryURL>http://${cm}:8080/ccmcip/xmldirectory.jsp</directoryURL>
<idleURL></idleURL>
<informationURL>http://${cm}:8080/ccmcip/GetTelecasterHelpText.jsp</informationURL>
<messagesURL></messagesURL>
<proxyServerURL></proxyServerURL>
<servicesURL>http://${cm}:8080/ccmcip/getservicesmenu.jsp</servicesURL>
<dscpForSCCPPhoneConfig>96</dscpForSCCPPhoneConfig>
<dscpForSCCPPhoneServices>0</dscpForSCCPPhoneServices>
<dscpForCm2Dvce>96</dscpForCm2Dvce>
<transportLayerProtocol>1</transportLayerProtocol>
<capfAuthMode>0</capfAuthMode>
<capfList>
<capf>
<phonePort>3804</phonePort>
<processNodeName>${cm}</processNodeName>
</capf>
</capfList>
<certHash></certHash>
<encrConfig>false</encrConfig>
</device>
`;
}
