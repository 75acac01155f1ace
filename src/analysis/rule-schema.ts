// The shape of one rule file (rules/<language>/<rule-id>.yml): metadata, the ast-grep rule, an
// optional fix, and its fixtures. Validated with zod so a broken rule fails loudly at load time.
import { z } from 'zod';
import { LANGUAGES } from './languages.js';
import { SEVERITIES } from './types.js';

const fixtureSchema = z.union([
  z.string(),
  z.object({
    code: z.string(),
    /** Overrides the rule's first language for this fixture. */
    language: z.enum(LANGUAGES).optional(),
    /** Expected code after `fix` (invalid fixtures only). */
    output: z.string().optional(),
    /**
     * Behaviour check (invalid fixtures with an `output`, python and javascript): code appended to the
     * fixed output that must run and exit 0, proving the fix keeps the program working. Runs without
     * network or third-party packages, so stub what the snippet imports (e.g. define `yaml` yourself).
     */
    check: z.string().optional(),
  }),
]);

export const ruleFileSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'rule ids are lower-case words joined by dashes'),
  languages: z.array(z.enum(LANGUAGES)).min(1),
  severity: z.enum(SEVERITIES),
  cwe: z.array(z.string().regex(/^CWE-\d+$/, 'write CWEs as CWE-<number>')).min(1),
  message: z.string().min(1),
  help: z.string().min(1),
  references: z.array(z.string()).optional(),
  confidence: z.enum(['low', 'medium', 'high']).default('high'),
  /** The ast-grep rule object: pattern / kind / inside / has / not / all / any ... */
  rule: z.record(z.string(), z.unknown()),
  constraints: z.record(z.string(), z.unknown()).optional(),
  utils: z.record(z.string(), z.unknown()).optional(),
  transform: z.record(z.string(), z.unknown()).optional(),
  /** ast-grep fix template using the rule's metavariables, e.g. `yaml.safe_load($X)`. */
  fix: z.string().optional(),
  /** Name of a programmatic fixer in analysis/fixes when a template is not enough. */
  fixer: z.string().optional(),
  /** Import lines the fix needs, added once at the top of the file when missing. */
  imports: z.array(z.string()).optional(),
  /**
   * Words of which at least one must occur in the source (case-insensitive, also inside longer
   * identifiers) for the rule to run. Usually unnecessary: anchors are derived from patterns, regexes and constraints.
   */
  prefilter: z.array(z.string()).optional(),
  tests: z.object({
    valid: z.array(fixtureSchema).min(1),
    invalid: z.array(fixtureSchema).min(1),
  }),
});

export type RuleFile = z.infer<typeof ruleFileSchema>;
export type Fixture = z.infer<typeof fixtureSchema>;
