// What allure-mocha writes into allure-results goes through this writer, which scrubs every
// registered secret first (design rule 6): test results (messages, traces, step names,
// parameters), containers (hook failures), globals (errors outside any test) and text
// attachments, including those a suite makes with allure-js-commons directly rather than
// through attach.ts. Binary attachments pass through; attach.ts withholds those holding a secret.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Globals, TestResult, TestResultContainer } from 'allure-js-commons';
import type { Category, EnvironmentInfo } from 'allure-js-commons/sdk';
import type { Writer } from 'allure-js-commons/sdk/reporter';
import { redact } from '../../lab/index.ts';
import { redactDeep } from './redact-deep.ts';

/** Attachment files read as UTF-8 text and redacted (allure-js names them by content type). */
const TEXT_EXTENSIONS = new Set(['.txt', '.log', '.json', '.xml', '.html', '.htm', '.csv', '.svg', '.yaml', '.yml', '.uri']);

export class RedactingWriter implements Writer {
  constructor(private readonly inner: Writer) {}

  writeResult(result: TestResult): void {
    this.inner.writeResult(scrubbed(result));
  }

  writeGroup(result: TestResultContainer): void {
    this.inner.writeGroup(scrubbed(result));
  }

  writeGlobals(distFileName: string, info: Globals): void {
    this.inner.writeGlobals(distFileName, scrubbed(info));
  }

  writeEnvironmentInfo(info: EnvironmentInfo): void {
    this.inner.writeEnvironmentInfo(scrubbed(info));
  }

  writeCategoriesDefinitions(categories: Category[]): void {
    this.inner.writeCategoriesDefinitions(categories);
  }

  writeAttachment(distFileName: string, content: Buffer): void {
    this.inner.writeAttachment(distFileName, isText(distFileName) ? Buffer.from(redact(content.toString('utf8')), 'utf8') : content);
  }

  writeAttachmentFromPath(distFileName: string, from: string): void {
    if (isText(distFileName)) this.writeAttachment(distFileName, readFileSync(from));
    else this.inner.writeAttachmentFromPath(distFileName, from);
  }
}

/** A scrubbed copy: the runtime may still hold (and later re-write) the original. */
function scrubbed<T>(value: T): T {
  return redactDeep(structuredClone(value));
}

function isText(fileName: string): boolean {
  return TEXT_EXTENSIONS.has(path.extname(fileName).toLowerCase());
}
