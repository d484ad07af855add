/**
 * Prints one closing line for the whole suite, from the JSON reports of vitest and both
 * Playwright suites (the web shell in Chromium, and the desktop app where Electron exists):
 * "Tests: N passed, N failed, N skipped". Exits non-zero when a report is missing or anything failed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}

const resultsDir = join(__dirname, '..', 'test-results');

function vitestTotals(): Totals {
  const report = JSON.parse(readFileSync(join(resultsDir, 'vitest.json'), 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

function playwrightTotals(file: string): Totals {
  const report = JSON.parse(readFileSync(join(resultsDir, file), 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  const { expected, unexpected, flaky, skipped } = report.stats;
  return { passed: expected, failed: unexpected + flaky, skipped };
}

const reports = ['vitest.json', 'playwright.json', 'playwright-electron.json'];
const missing = reports.filter((f) => !existsSync(join(resultsDir, f)));
if (missing.length > 0) {
  process.stderr.write(`No test report: ${missing.join(', ')} (did every runner run?)\n`);
  process.exit(1);
}
const parts = [
  vitestTotals(),
  playwrightTotals('playwright.json'),
  playwrightTotals('playwright-electron.json'),
];
const total = parts.reduce((a, b) => ({
  passed: a.passed + b.passed,
  failed: a.failed + b.failed,
  skipped: a.skipped + b.skipped,
}));
process.stdout.write(
  `Tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`,
);
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
