// Allure 3's awesome report template always includes a web analytics tag (the classic
// Allure 2 plugin honours ALLURE_NO_ANALYTICS; awesome 3.18 does not). Opening a lab report
// must not call out to anyone, so the tag is cut from index.html after generation.
import { readFile, writeFile } from 'node:fs/promises';

// The loader <script src=".../gtag/js?id=..."> and the inline script that configures it.
const ANALYTICS = /<script async src="https:\/\/[^"]*\/gtag\/js[^"]*"><\/script>\s*<script>(?:(?!<\/script>)[\s\S])*gtag\((?:(?!<\/script>)[\s\S])*<\/script>\s*/g;

export function stripAnalytics(html: string): string {
  return html.replace(ANALYTICS, '');
}

/** Rewrites the file in place; returns whether a tag was removed. */
export async function stripAnalyticsFile(file: string): Promise<boolean> {
  const html = await readFile(file, 'utf8');
  const clean = stripAnalytics(html);
  if (clean === html) return false;
  await writeFile(file, clean, 'utf8');
  return true;
}
