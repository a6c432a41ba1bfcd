// The web driver tests need the system Chromium; without it they fail with the fix.

import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from '../../../../drivers/cucm/web/browser.ts';

export function requireChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: run npm run setup`);
}
