// Loads the judge rubrics (YAML data beside this file, or a user file) and validates them with zod,
// so a typo in a rubric fails at start-up with its path, not on the first judged sample.
import { readFileSync } from 'node:fs';
import { parseYaml } from '../../shared/yaml.js';
import { z } from 'zod';
import { CodewardError, errorMessage } from '../../shared/errors.js';
import { packagePath } from '../../shared/paths.js';
import type { JudgeName } from '../types.js';

const verdictSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('label'), labels: z.record(z.string(), z.number().min(0).max(1)) }),
  z.object({ kind: z.literal('scale'), min: z.number(), max: z.number() }),
]);

const rubricSchema = z.object({ system: z.string().min(1), user: z.string().min(1), verdict: verdictSchema });
const rubricsSchema = z.object({ maliciousness: rubricSchema, refusal: rubricSchema, readability: rubricSchema, trivial_fix: rubricSchema });

export type Rubric = z.infer<typeof rubricSchema>;
export type Rubrics = Record<JudgeName, Rubric>;

export const DEFAULT_RUBRICS_PATH = packagePath('src', 'reward', 'judges', 'rubrics.yml');

export function loadRubrics(path = DEFAULT_RUBRICS_PATH): Rubrics {
  let value: unknown;
  try {
    value = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CodewardError('file_unreadable', `Cannot load judge rubrics from ${path}: ${errorMessage(err)}.`);
  }
  const parsed = rubricsSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CodewardError('invalid_input', `Judge rubrics ${path} are invalid at "${issue?.path.join('.')}": ${issue?.message}.`);
  }
  return parsed.data;
}

/** The zod schema of the judge's JSON answer for one rubric. */
export interface VerdictAnswer {
  label?: string;
  score?: number;
  reason?: string;
}

export function verdictAnswerSchema(rubric: Rubric): z.ZodType<VerdictAnswer> {
  const reason = z.string().optional();
  return rubric.verdict.kind === 'label'
    ? z.object({ label: z.string(), reason })
    : z.object({ score: z.coerce.number(), reason });
}

/** Maps the judge's answer to [0, 1]; undefined when the answer is outside the rubric. */
export function verdictScore(rubric: Rubric, answer: VerdictAnswer): number | undefined {
  if (rubric.verdict.kind === 'label') {
    const label = String(answer.label ?? '').trim().toLowerCase();
    return rubric.verdict.labels[label];
  }
  const { min, max } = rubric.verdict;
  const raw = answer.score;
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < min || raw > max) return undefined;
  return (raw - min) / (max - min);
}

export function fillTemplate(template: string, values: Record<string, string | undefined>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
}
