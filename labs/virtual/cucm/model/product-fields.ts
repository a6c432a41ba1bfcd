// The product-specific parameters of a 79xx SCCP phone that this CUCM models: the element
// name in <vendorConfig> (in AXL and in SEP<MAC>.cnf.xml), the label on CUCM's pages, the
// values and the default.
//
// Sources: element names and value encodings as they appear in public SEP<MAC>.cnf.xml files
// and provisioning templates (0 = Enabled for the port/access switches, 1 = Enabled for
// peerFirmwareSharing and CDP); labels as CUCM's Product Specific Configuration Layout shows
// them. The exact set of parameters a real 7961 layout has is larger; these are the ones a
// PFS lab touches plus a few a real page always shows.
//
// "shared" parameters also exist on the Common Phone Profile and the Enterprise Phone
// Configuration, so a phone or profile carries an override box for them (§2.8).

export interface FieldOption {
  label: string;
  value: string;
}

export interface ProductField {
  key: string;
  label: string;
  kind: 'select' | 'text';
  options: readonly FieldOption[];
  defaultValue: string;
  shared: boolean;
}

/** SSH Access, whose Enabled is 0 (as webAccess, pcPort and garp). */
export const SSH_ACCESS_KEY = 'sshAccess';
export const SSH_ACCESS_ENABLED = '0';

const ENABLED_0: readonly FieldOption[] = [
  { label: 'Enabled', value: '0' },
  { label: 'Disabled', value: '1' },
];
const ENABLED_1: readonly FieldOption[] = [
  { label: 'Disabled', value: '0' },
  { label: 'Enabled', value: '1' },
];

const select = (key: string, label: string, options: readonly FieldOption[], defaultValue: string, shared = true): ProductField => ({
  key,
  label,
  kind: 'select',
  options,
  defaultValue,
  shared,
});
const text = (key: string, label: string, shared = true): ProductField => ({ key, label, kind: 'text', options: [], defaultValue: '', shared });

export const PFS_KEY = 'peerFirmwareSharing';

/** In the order CUCM's layout shows them, which is also their order in vendorConfig. */
export const PRODUCT_FIELDS: readonly ProductField[] = [
  select('pcPort', 'PC Port', ENABLED_0, '0'),
  select('settingsAccess', 'Settings Access', [
    { label: 'Disabled', value: '0' },
    { label: 'Enabled', value: '1' },
    { label: 'Restricted', value: '2' },
  ], '1'),
  select('garp', 'Gratuitous ARP', ENABLED_0, '1'),
  select('voiceVlanAccess', 'PC Voice VLAN Access', ENABLED_0, '0'),
  // Enabled by default in this lab (a real 10.5 ships it disabled) so that the phones' console
  // logs can be collected without a first configuration step.
  select('webAccess', 'Web Access', ENABLED_0, '0'),
  select('spanToPCPort', 'Span to PC Port', ENABLED_0, '1'),
  text('loadServer', 'Load Server'),
  select(PFS_KEY, 'Peer Firmware Sharing', ENABLED_1, '0'),
  text('logServer', 'Log Server'),
  select('enableCdpSwPort', 'Cisco Discovery Protocol (CDP): Switch Port', ENABLED_1, '1', false),
  select(SSH_ACCESS_KEY, 'SSH Access', ENABLED_0, '1'),
  select('detectCMConnectionFailure', 'Detect Unified CM Connection Failure', [
    { label: 'Normal', value: '0' },
    { label: 'Delayed', value: '1' },
  ], '0', false),
];

export function productField(key: string): ProductField | undefined {
  return PRODUCT_FIELDS.find((f) => f.key === key);
}

/** Why a value is not acceptable for the field, or undefined when it is. */
export function invalidValueReason(field: ProductField, value: string): string | undefined {
  if (field.kind === 'text') return value.length > 255 ? `${field.key} is longer than 255 characters` : undefined;
  if (field.options.some((o) => o.value === value)) return undefined;
  return `${field.key} must be one of ${field.options.map((o) => `${o.value} (${o.label})`).join(', ')}; got "${value}"`;
}
