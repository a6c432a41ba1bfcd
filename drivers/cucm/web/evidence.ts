// On any failure of a page step: a screenshot and the page's HTML, secrets scrubbed (design
// rule 6), kept as files whose paths go into the error and to an optional callback.

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { secretRegistry } from '../../../harness/lab/secret-registry.ts';
import type { EvidenceFiles } from '../errors.ts';

export interface EvidenceSink {
  dir: string;
  /** Called with the files of every failure (e.g. to attach them to Allure). */
  onEvidence?: (files: EvidenceFiles, step: string) => void;
}

let seq = 0;

export async function saveEvidence(page: Page | undefined, step: string, sink: EvidenceSink): Promise<EvidenceFiles | undefined> {
  if (!page || page.isClosed()) return undefined;
  const stamp = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${++seq}`;
  const base = path.join(sink.dir, `${stamp}-${step.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}`);
  try {
    await mkdir(sink.dir, { recursive: true });
    // The page's source as .html.txt: opened from the run's evidence folder it shows as text,
    // so no script of the page (a CUCM or anything answering at its address) runs on the reader's machine.
    const files: EvidenceFiles = { screenshot: `${base}.png`, html: `${base}.html.txt` };
    // WHY redact the HTML: a page can echo a typed password or a URL with credentials.
    const html = secretRegistry.redact(await page.content());
    await writeFile(files.html, `<!-- ${page.url()} -->\n${html}`);
    await page.screenshot({ path: files.screenshot, fullPage: true });
    sink.onEvidence?.(files, step);
    return files;
  } catch {
    // Evidence is best effort: the original failure matters more than a failed screenshot.
    return undefined;
  }
}
