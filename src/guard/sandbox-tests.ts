// The refiner's default test runner: the client's supplied tests run in the bubblewrap sandbox.
// A fix counts as passing only when every test case passes.
import { runTests } from '../sandbox/index.js';
import type { TestRunner } from './refiner.js';

export const sandboxTestRunner: TestRunner = async ({ language, code, tests }) => {
  const report = await runTests({ language, code, tests });
  return report.tests_total > 0 && report.tests_passed === report.tests_total;
};
