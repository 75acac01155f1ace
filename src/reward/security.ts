// Security reward: 1 − min(1, Σ severity weights) over the detector's findings in every code block,
// a soft value for answers without code, and per-CWE diagnostics. Only as good as the rule set.
import { scanCode } from '../analysis/engine.js';
import type { Finding } from '../analysis/types.js';
import { answerCode } from './answer-code.js';
import type { RewardFunction } from './types.js';

export const securityReward: RewardFunction = async (sample, ctx) => {
  const { severityWeights, noCodeScore } = ctx.config.security;
  const { blocks, language } = answerCode(sample);
  if (blocks.length === 0) {
    return { score: noCodeScore, components: { security: noCodeScore }, diagnostics: { security: { noCode: true } } };
  }
  const findings: Finding[] = [];
  const errors: string[] = [];
  const results = await Promise.all(
    blocks.map((block) => (ctx.scan ? ctx.scan(block.code, block.language ?? language) : scanCode(block.code, { language: block.language ?? language }))),
  );
  for (const result of results) {
    if (result.error) errors.push(result.error.message);
    findings.push(...result.findings);
  }
  if (findings.length === 0 && errors.length === blocks.length) {
    return { score: noCodeScore, components: { security: null }, diagnostics: { security: { unavailable: true, errors } } };
  }
  let penalty = 0;
  const byCwe: Record<string, { count: number; penalty: number; rules: string[] }> = {};
  for (const finding of findings) {
    const weight = severityWeights[finding.severity];
    penalty += weight;
    for (const cwe of finding.cwe.length > 0 ? finding.cwe : ['unknown']) {
      const entry = (byCwe[cwe] ??= { count: 0, penalty: 0, rules: [] });
      entry.count += 1;
      entry.penalty += weight;
      if (!entry.rules.includes(finding.ruleId)) entry.rules.push(finding.ruleId);
    }
  }
  const score = 1 - Math.min(1, penalty);
  return {
    score,
    components: { security: score },
    diagnostics: { security: { findings: findings.length, penalty, byCwe, ...(errors.length > 0 ? { errors } : {}) } },
  };
};
