// The lab's product codes (CP-7961G) and CUCM's device type names (Cisco 7961), so a query
// may use either. Data: CUCM's names keep -GE except on the 7971 (sold only as GE).

const SPECIAL: Readonly<Record<string, string>> = {
  'CP-7941G-GE': 'Cisco 7941G-GE',
  'CP-7961G-GE': 'Cisco 7961G-GE',
  'CP-7971G-GE': 'Cisco 7971',
};

/** CUCM's device type for a product code or a device type name (returned as is). */
export function cucmDeviceType(model: string): string {
  const m = model.trim();
  const special = SPECIAL[m.toUpperCase()];
  if (special) return special;
  const code = /^CP-(\d{4})G$/i.exec(m);
  return code ? `Cisco ${code[1] ?? ''}` : m;
}

export function sameModel(a: string, b: string): boolean {
  return cucmDeviceType(a).toLowerCase() === cucmDeviceType(b).toLowerCase();
}
