// Which product-specific parameters appear where. The data layout (what a model's phones
// store, what AXL and the configuration file carry) depends only on the model; what the pages
// show can additionally lose a field to a fault switch (faults.ts).

import type { Faults } from '../faults.ts';
import type { PhoneModel } from './phone-models.ts';
import { PFS_KEY, PRODUCT_FIELDS, type ProductField } from './product-fields.ts';

/** The model's own layout: Peer Firmware Sharing only on models that have the feature. */
export function modelFields(model: PhoneModel): ProductField[] {
  return PRODUCT_FIELDS.filter((f) => f.key !== PFS_KEY || model.hasPeerFirmwareSharing);
}

/** The Product Specific Configuration Layout section of this model's Phone Configuration page. */
export function phonePageFields(model: PhoneModel, faults: Faults): ProductField[] {
  const hidePfs = faults.pfsFieldMissingOnPages(model.code);
  return modelFields(model).filter((f) => !(hidePfs && f.key === PFS_KEY));
}

/** The parameters a Common Phone Profile carries: every shared one. */
export function profileFields(): ProductField[] {
  return PRODUCT_FIELDS.filter((f) => f.shared);
}

/** The parameters of the Enterprise Phone Configuration. */
export function enterpriseFields(faults: Faults): ProductField[] {
  return profileFields().filter((f) => !(f.key === PFS_KEY && faults.enterpriseLacksPfs()));
}

/** Bulk Update Phones shows the parameters every selected model's page shows. */
export function bulkPageFields(models: readonly PhoneModel[], faults: Faults): ProductField[] {
  if (models.length === 0) return [];
  const perModel = models.map((m) => new Set(phonePageFields(m, faults).map((f) => f.key)));
  return PRODUCT_FIELDS.filter((f) => perModel.every((keys) => keys.has(f.key)));
}
