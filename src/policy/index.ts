// Loads and validates the cybersafety policy (YAML data) and renders it as a rubric for LLM
// reviewers (moderator, reward judges). The policy's wording lives in the YAML, not in code.
import { readFileSync } from 'node:fs';
import { parseYaml } from '../shared/yaml.js';
import { z } from 'zod';
import { CodewardError, errorMessage } from '../shared/errors.js';
import { packagePath } from '../shared/paths.js';

const policyClassSchema = z
  .object({
    id: z.string().regex(/^[A-Z][0-9]+$/, 'ids look like D1 or A2'),
    name: z.string().min(1),
    description: z.string().min(1),
    examples: z.array(z.string().min(1)).min(1),
    /** Disallowed classes: the short reason and safe alternative given when refusing under this class. */
    refusal: z.string().min(1).optional(),
  })
  .strict();

export const policySchema = z
  .object({
    id: z.string().min(1),
    version: z.number().int().positive(),
    summary: z.string().min(1),
    /** The refusal used when no specific class is known (e.g. the sanitizer blocked). */
    refusal: z.string().min(1),
    disallowed: z.array(policyClassSchema).min(1),
    allowed: z.array(policyClassSchema).min(1),
    verdicts: z.object({ allow: z.string(), refuse: z.string(), safe_complete: z.string() }).strict(),
  })
  .strict()
  .superRefine((policy, ctx) => {
    const ids = [...policy.disallowed, ...policy.allowed].map((c) => c.id);
    const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
    if (duplicate) ctx.addIssue({ code: 'custom', message: `class id ${duplicate} is used twice` });
  });

export type Policy = z.infer<typeof policySchema>;
export type PolicyClass = z.infer<typeof policyClassSchema>;

export const DEFAULT_POLICY_PATH = packagePath('src', 'policy', 'cybersafety.yaml');

const cache = new Map<string, Policy>();

export function parsePolicy(text: string, source = 'policy'): Policy {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new CodewardError('invalid_input', `Policy ${source} is not valid YAML: ${errorMessage(err)}`);
  }
  const result = policySchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new CodewardError('invalid_input', `Policy ${source}: ${issue.path.join('.') || '(top level)'}: ${issue.message}.`);
  }
  return result.data;
}

/** The policy at `path` (default: the bundled one); cached per path. */
export function loadPolicy(path: string = DEFAULT_POLICY_PATH): Policy {
  const hit = cache.get(path);
  if (hit) return hit;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CodewardError('file_unreadable', `Cannot read policy ${path} (${errorMessage(err)}).`);
  }
  const policy = parsePolicy(text, path);
  cache.set(path, policy);
  return policy;
}

/** A short refusal with a safe alternative: the first cited disallowed class's, else the generic one. */
export function refusalFor(policy: Policy, rules: string[] = []): string {
  const cited = policy.disallowed.find((c) => rules.includes(c.id) && c.refusal);
  return (cited?.refusal ?? policy.refusal).trim();
}

/** Every class id of the policy, for validating verdicts that cite rules. */
export function policyClassIds(policy: Policy): string[] {
  return [...policy.disallowed, ...policy.allowed].map((c) => c.id);
}

function renderClass(c: PolicyClass): string {
  return `- ${c.id} ${c.name}: ${c.description.trim()}\n${c.examples.map((e) => `    e.g. "${e}"`).join('\n')}`;
}

/** The policy as a plain-text rubric for an LLM reviewer's system prompt. */
export function renderPolicy(policy: Policy): string {
  return [
    `Policy ${policy.id} v${policy.version}. ${policy.summary.trim()}`,
    'Disallowed (refuse):',
    ...policy.disallowed.map(renderClass),
    'Allowed (answer):',
    ...policy.allowed.map(renderClass),
    'Verdicts:',
    `- allow: ${policy.verdicts.allow.trim()}`,
    `- refuse: ${policy.verdicts.refuse.trim()}`,
    `- safe_complete: ${policy.verdicts.safe_complete.trim()}`,
  ].join('\n');
}
