// SNMPv2-MIB system group: what a manager reads first to know what it talks to.
// Read-only here (a real switch lets sysName be set; nothing in the lab needs that).
import type { Mib, MibRequest, ScalarProvider } from './net-snmp-agent.ts';
import { ObjectTypeCode, ProviderKind, snmp } from './net-snmp-agent.ts';
import { CISCO_PRODUCTS, SYSTEM } from '../../../harness/formats/snmp/oids.ts';

export const SYS_DESCR =
  'pfslab virtual PoE switch: POWER-ETHERNET-MIB, CISCO-POWER-ETHERNET-EXT-MIB, IF-MIB, ENTITY-MIB';
/** ciscoProducts itself: Cisco-family, without claiming a model the virtual switch is not. */
export const SYS_OBJECT_ID = CISCO_PRODUCTS;

const RO = snmp.MaxAccess['read-only'];

export function systemProviders(startedAt: number): ScalarProvider[] {
  return [
    { name: 'sysDescr', type: ProviderKind.Scalar, oid: SYSTEM.sysDescr, scalarType: ObjectTypeCode.OctetString, maxAccess: RO },
    { name: 'sysObjectID', type: ProviderKind.Scalar, oid: SYSTEM.sysObjectID, scalarType: ObjectTypeCode.OID, maxAccess: RO },
    {
      name: 'sysUpTime',
      type: ProviderKind.Scalar,
      oid: SYSTEM.sysUpTime,
      scalarType: ObjectTypeCode.TimeTicks,
      maxAccess: RO,
      // TimeTicks are hundredths of a second since the agent started, computed per read.
      handler: (request: MibRequest) => {
        request.instanceNode.value = Math.floor((performance.now() - startedAt) / 10) % 2 ** 32;
        request.done();
      },
    },
    { name: 'sysName', type: ProviderKind.Scalar, oid: SYSTEM.sysName, scalarType: ObjectTypeCode.OctetString, maxAccess: RO },
  ];
}

export function setSystemValues(mib: Mib, sysName: string): void {
  mib.setScalarValue('sysDescr', SYS_DESCR);
  mib.setScalarValue('sysObjectID', SYS_OBJECT_ID);
  mib.setScalarValue('sysUpTime', 0);
  mib.setScalarValue('sysName', sysName);
}
