// The vulnerability refiner: asks an LLM to fix code given the detector's findings and accepts the
// fix only when verified (parses, re-scan clean or cleaner, not a trivial deletion, supplied tests pass).
// Whatever it cannot verify falls back to the deterministic fast-scaffold fixes.
import { countSyntaxErrors, parseSource } from '../analysis/engine.js';
import { extractCode } from '../analysis/extract.js';
import { fixCode, normalizeLanguage, scanCode, type Finding } from '../analysis/index.js';
import { checkTrivialFix } from '../analysis/trivial-fix.js';
import { errorMessage } from '../shared/errors.js';
import type { LlmClient } from '../llm/index.js';
import type { BlockReview } from './exchange.js';

/** Runs supplied tests against code; true when they all pass. Injected so the guard need not own a sandbox. */
export type TestRunner = (input: { language: string; code: string; tests: unknown }) => Promise<boolean>;

export interface RefineOptions {
  client?: LlmClient;
  model?: string;
  maxAttempts: number;
  timeoutMs?: number;
  tests?: unknown;
  runTests?: TestRunner;
  signal?: AbortSignal;
}

function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `- line ${f.range.start.line}: ${f.ruleId} (${f.cwe.join(', ') || 'no CWE'}): ${f.message}`).join('\n');
}

export function refinerMessages(code: string, language: string, findings: Finding[]) {
  return [
    {
      role: 'system',
      content:
        'You fix security vulnerabilities in code. Keep the program\'s behaviour, names and structure; change only what the findings require. ' +
        'Reply with the complete fixed code in one fenced code block and nothing else.',
    },
    { role: 'user', content: `Language: ${language}\nFindings:\n${describeFindings(findings)}\n\nCode:\n\`\`\`${language}\n${code}\n\`\`\`` },
  ];
}

function syntaxErrors(code: string, language: string): number {
  const id = normalizeLanguage(language);
  return id ? countSyntaxErrors(parseSource(code, id)) : 0;
}

/** Why a candidate fix is rejected, or undefined when it is accepted. */
async function rejection(original: string, candidate: string, language: string, findings: Finding[], options: RefineOptions): Promise<string | undefined> {
  if (candidate.trim() === '') return 'empty answer';
  if (candidate.trim() === original.trim()) return 'code unchanged';
  if (syntaxErrors(candidate, language) > syntaxErrors(original, language)) return 'does not parse';
  const rescan = scanCode(candidate, { language });
  if (rescan.error) return `re-scan failed: ${rescan.error.message}`;
  if (rescan.findings.length >= findings.length) return `re-scan not cleaner (${rescan.findings.length} findings, was ${findings.length})`;
  const before = new Set(findings.map((f) => f.ruleId));
  const introduced = rescan.findings.find((f) => !before.has(f.ruleId));
  if (introduced) return `introduces ${introduced.ruleId}`;
  const trivial = checkTrivialFix({ original, fixed: candidate, language });
  if (trivial.trivial) return `trivial fix: ${trivial.reasons.join('; ')}`;
  if (options.tests !== undefined && options.runTests) {
    try {
      const passes = await options.runTests({ language, code: candidate, tests: options.tests });
      // Tests the original already fails say nothing about the fix.
      if (!passes && (await options.runTests({ language, code: original, tests: options.tests }))) return 'supplied tests fail';
    } catch (err) {
      return `supplied tests could not run: ${errorMessage(err)}`;
    }
  }
  return undefined;
}

async function llmFix(code: string, language: string, findings: Finding[], options: RefineOptions, attempts: BlockReview['refinerAttempts']): Promise<string | undefined> {
  if (!options.client) return undefined;
  for (let i = 0; i < options.maxAttempts; i++) {
    let candidate: string;
    try {
      const answer = await options.client.chat(
        { model: options.model, messages: refinerMessages(code, language, findings), temperature: 0 },
        { timeoutMs: options.timeoutMs, signal: options.signal },
      );
      candidate = extractCode(answer.content)[0]?.code ?? answer.content;
    } catch (err) {
      attempts.push({ accepted: false, reason: `refiner call failed: ${errorMessage(err)}` });
      return undefined;
    }
    const reason = await rejection(code, candidate, language, findings, options);
    attempts.push({ accepted: reason === undefined, reason: reason ?? 'verified' });
    if (reason === undefined) return candidate;
  }
  return undefined;
}

/** Reviews one code block: scan, then LLM fix (verified) and/or fast-scaffold fixes. */
export async function reviewCode(code: string, language: string, options: RefineOptions): Promise<BlockReview> {
  const scan = scanCode(code, { language });
  const findings = scan.findings;
  const review: BlockReview = { language, findings, outcome: 'clean', remaining: [], changes: [], refinerAttempts: [], code };
  if (scan.error || findings.length === 0) return review;

  let current = code;
  const refined = await llmFix(code, language, findings, options, review.refinerAttempts);
  if (refined !== undefined) {
    current = refined;
    review.outcome = 'refined';
    const left = new Set(scanCode(refined, { language }).findings.map((f) => `${f.ruleId}:${f.range.start.line}`));
    for (const f of findings) {
      if (!left.has(`${f.ruleId}:${f.range.start.line}`)) review.changes.push({ ruleId: f.ruleId, cwe: f.cwe, line: f.range.start.line, by: 'refiner' });
    }
  }
  const scaffold = fixCode(current, { language });
  if (scaffold.applied.length > 0) {
    current = scaffold.code;
    if (review.outcome !== 'refined') review.outcome = 'fixed';
    for (const a of scaffold.applied) review.changes.push({ ruleId: a.ruleId, cwe: a.cwe, line: a.line, by: 'scaffold' });
  }
  review.remaining = scaffold.error ? scanCode(current, { language }).findings : scaffold.remaining;
  if (review.outcome === 'clean') review.outcome = 'unfixed';
  review.code = current;
  return review;
}
