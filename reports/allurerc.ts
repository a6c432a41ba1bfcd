// Allure 3 configuration for pfslab reports. Allure loads this file itself (through jiti,
// which compiles TypeScript), both for `npx allure generate --config reports/allurerc.ts` by
// hand and for harness/run/report/generate.ts. What changes per run comes from the
// environment, so that one file serves both:
//   PFSLAB_REPORT_HISTORY    the history file (default reports/history.jsonl)
//   PFSLAB_REPORT_VARIABLES  JSON object of report variables (lab, CUCM version, loads ...)
// The report name and output directory come from the command line (--name, --output).
import path from 'node:path';
import type { AllureConfig } from 'allure';
import { PFSLAB_ROOT as REPO } from '../harness/lab/repo-paths.ts';
import { CATEGORY_NAMES, categoryOf } from '../harness/run/report/categories.ts';

/** A nightly run a day keeps about three months of trend; Allure trims the file itself. */
const HISTORY_LIMIT = 100;

function variables(): Record<string, string> {
  const raw = process.env.PFSLAB_REPORT_VARIABLES;
  if (raw === undefined || raw === '') return {};
  const parsed: unknown = JSON.parse(raw);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('PFSLAB_REPORT_VARIABLES must be a JSON object');
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

const config: AllureConfig = {
  name: 'pfslab',
  output: path.join(REPO, 'reports', 'out', 'latest'),
  historyPath: process.env.PFSLAB_REPORT_HISTORY || path.join(REPO, 'reports', 'history.jsonl'),
  historyLimit: HISTORY_LIMIT,
  variables: variables(),
  // The same classifier as the terminal summary (harness/run/report/categories.ts), given to
  // Allure as a predicate, so report and summary always put a test in the same category.
  categories: {
    rules: CATEGORY_NAMES.map((name) => ({
      id: name,
      name,
      matchers: (d: { status: string; message?: string; trace?: string }) => categoryOf(d.status, d) === name,
      expand: true,
    })),
  },
  plugins: {
    awesome: {
      options: {
        reportLanguage: 'en',
        // One self-contained folder: index.html plus data files, no server and no network needed.
        singleFile: false,
        groupBy: ['parentSuite', 'suite', 'subSuite'],
      },
    },
  },
};

export default config;
