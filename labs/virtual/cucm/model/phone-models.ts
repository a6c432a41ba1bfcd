// The phone models this CUCM knows: the product code the lab uses (CP-7961G), the name CUCM
// shows and AXL speaks ("Cisco 7961"), and whether the model's product-specific layout has
// Peer Firmware Sharing at all (third-generation 79xx only: pfs-reference §1).

import { PFS_MODELS } from '../../../../harness/formats/phone-models.ts';

export interface PhoneModel {
  /** Product code, as in the lab description: CP-7961G. */
  code: string;
  /** CUCM's product / device type name: Cisco 7961. */
  product: string;
  /** The model's product-specific layout has the Peer Firmware Sharing parameter. */
  hasPeerFirmwareSharing: boolean;
}

// CUCM's names: the -GE models keep their suffix except the 7971 (only sold as GE).
const PRODUCT_NAMES: Record<string, string> = {
  'CP-7906G': 'Cisco 7906',
  'CP-7911G': 'Cisco 7911',
  'CP-7931G': 'Cisco 7931',
  'CP-7940G': 'Cisco 7940',
  'CP-7941G': 'Cisco 7941',
  'CP-7941G-GE': 'Cisco 7941G-GE',
  'CP-7942G': 'Cisco 7942',
  'CP-7945G': 'Cisco 7945',
  'CP-7960G': 'Cisco 7960',
  'CP-7961G': 'Cisco 7961',
  'CP-7961G-GE': 'Cisco 7961G-GE',
  'CP-7962G': 'Cisco 7962',
  'CP-7965G': 'Cisco 7965',
  'CP-7970G': 'Cisco 7970',
  'CP-7971G-GE': 'Cisco 7971',
  'CP-7975G': 'Cisco 7975',
};

const PFS_CODES = new Set(PFS_MODELS.map((m) => m.model));

export const PHONE_MODELS: readonly PhoneModel[] = Object.entries(PRODUCT_NAMES).map(([code, product]) => ({
  code,
  product,
  hasPeerFirmwareSharing: PFS_CODES.has(code),
}));

/** By product code (CP-7961G) or by CUCM product name (Cisco 7961), case-insensitive. */
export function findPhoneModel(name: string): PhoneModel | undefined {
  const wanted = name.trim().toLowerCase();
  return PHONE_MODELS.find((m) => m.code.toLowerCase() === wanted || m.product.toLowerCase() === wanted);
}
