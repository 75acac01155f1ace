// Functional reward with SecureCodeRL's partial credit: 0 syntax error, 0.2 valid syntax, 0.4 runs,
// 0.6 prints, 0.6 + 0.4·k/T for k of T tests; from the sandbox. No tests or no sandbox → null, not 0.
import type { TestReport } from '../sandbox/results.js';
import { CodewardError, errorMessage } from '../shared/errors.js';
import { answerCode } from './answer-code.js';
import type { RewardConfig } from './config.js';
import type { RewardContext, RewardFunction, RewardResult } from './types.js';

type Ladder = RewardConfig['functional'];

export function partialCredit(report: TestReport, ladder: Ladder): number {
  if (report.tests_total > 0 && report.tests_passed > 0) {
    return ladder.producesOutput + ladder.testsWeight * (Math.min(report.tests_passed, report.tests_total) / report.tests_total);
  }
  if (report.produced_output) return ladder.producesOutput;
  if (report.executed_without_error) return ladder.executes;
  if (report.syntax_valid) return ladder.validSyntax;
  return ladder.syntaxError;
}

function unavailable(reason: string, extra: Record<string, unknown> = {}): RewardResult {
  return { score: 0, components: { functional: null }, diagnostics: { functional: { unavailable: true, reason, ...extra } } };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the tests, riding out short queue-full bursts; other sandbox errors propagate. */
async function runWithRetries(ctx: RewardContext, request: Parameters<NonNullable<RewardContext['sandbox']>['runTests']>[0]): Promise<TestReport> {
  const sandbox = ctx.sandbox!;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await sandbox.runTests(request);
    } catch (err) {
      if (!(err instanceof CodewardError && err.code === 'queue_full') || attempt >= ctx.config.functional.queueRetries) throw err;
      await sleep(50 * 2 ** attempt * (0.5 + Math.random()));
    }
  }
}

export const functionalReward: RewardFunction = async (sample, ctx) => {
  if (sample.tests === undefined || sample.tests === null) return unavailable('the sample has no tests');
  if (!ctx.sandbox) return unavailable('no sandbox configured');
  const ladder = ctx.config.functional;
  const { program, language } = answerCode(sample);
  if (program.trim() === '') {
    return { score: ladder.syntaxError, components: { functional: ladder.syntaxError }, diagnostics: { functional: { noCode: true, language } } };
  }
  let report: TestReport;
  try {
    report = await runWithRetries(ctx, { language, code: program, tests: sample.tests, timeoutMs: ladder.timeoutMs });
  } catch (err) {
    const code = err instanceof CodewardError ? err.code : 'internal_error';
    return unavailable(errorMessage(err), { code });
  }
  if (report.status === 'sandbox_error') return unavailable(report.message ?? 'the sandbox failed to run the program', { code: 'sandbox_error' });
  const score = partialCredit(report, ladder);
  return {
    score,
    components: { functional: score },
    diagnostics: {
      functional: {
        status: report.status,
        passed: report.tests_passed,
        total: report.tests_total,
        syntaxValid: report.syntax_valid,
        executed: report.executed_without_error,
        durationMs: Math.round(report.durationMs),
      },
    },
  };
};
