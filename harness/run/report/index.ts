// The Allure report pipeline of a nightly run, in the order the nightly uses it:
// mochaReporterArgs (mocha writes results) -> generateReport -> summarizeResults/renderSummary.
// attach* are for suites. The reporter module itself (mocha-reporter.ts) is loaded by mocha,
// by path, and is not re-exported: importing it would pull mocha into the caller.
export { mochaReporterArgs, REPORTER_MODULE } from './mocha-args.ts';
export { resultPaths } from './result-paths.ts';
export type { ResultPaths } from './result-paths.ts';
export { ALLURE_CONFIG, DEFAULT_HISTORY_FILE, generateReport } from './generate.ts';
export type { GenerateOptions } from './generate.ts';
export { renderSummary, summarizeResults } from './summary.ts';
export type { RenderOptions, RunError, RunSummary, TestSummary } from './summary.ts';
export { CATEGORY_NAMES, categoryOf, HARNESS_ERROR, LAB_PROBLEM, PRODUCT_DEFECT } from './categories.ts';
export type { CategoryName, ResultStatus, StatusDetailsLike } from './categories.ts';
export { allureIsActive, attachFile, attachJson, attachText, CONTENT_TYPES } from './attach.ts';
