// The test formats runTests accepts, recognised by shape (HumanEval, APPS/TACO, LiveCodeBench,
// MBPP, pytest) and validated with zod; parseTestSpec says clearly what is wrong with bad input.
import { z } from 'zod';
import { CodewardError } from '../../shared/errors.js';

const compareMode = z.enum(['auto', 'exact', 'whitespace', 'numeric']).optional();

export const humanEvalSpec = z.object({ prompt: z.string().optional(), test: z.string(), entry_point: z.string().min(1) });

const ioArrays = z.object({
  inputs: z.array(z.unknown()),
  outputs: z.array(z.unknown()),
  fn_name: z.string().min(1).optional(),
});

export const appsSpec = z.object({
  input_output: z.union([z.string(), ioArrays]),
  compare: compareMode,
});

export const liveCodeBenchCase = z.object({
  input: z.string(),
  output: z.string(),
  testtype: z.enum(['stdin', 'functional']),
});

export const liveCodeBenchSpec = z.array(liveCodeBenchCase).min(1);

export const mbppSpec = z.object({
  test_list: z.array(z.string()).min(1),
  test_setup_code: z.string().optional(),
  test_imports: z.array(z.string()).optional(),
});

export const pytestSpec = z.object({ pytest: z.string().min(1) });

export type CompareMode = 'auto' | 'exact' | 'whitespace' | 'numeric';

export type TestSpec =
  | ({ format: 'humaneval' } & z.infer<typeof humanEvalSpec>)
  | { format: 'io'; inputs: unknown[]; outputs: unknown[]; fn_name?: string; compare?: CompareMode }
  | { format: 'livecodebench'; cases: z.infer<typeof liveCodeBenchCase>[]; fn_name?: string }
  | ({ format: 'mbpp' } & z.infer<typeof mbppSpec>)
  | { format: 'pytest'; pytest: string };

function fail(message: string): never {
  throw new CodewardError('invalid_input', `Invalid test spec: ${message}`, 'Send HumanEval {test, entry_point}, APPS {input_output}, LiveCodeBench [{input, output, testtype}], MBPP {test_list} or {pytest}.');
}

function check<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(`${name}: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
  }
  return parsed.data;
}

function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fail(`${what} is a string but not valid JSON`);
  }
}

/** Recognises a test spec by its shape; JSON strings are parsed first. Throws invalid_input. */
export function parseTestSpec(value: unknown): TestSpec {
  if (typeof value === 'string') value = parseJsonText(value, 'the test spec');
  if (Array.isArray(value)) return { format: 'livecodebench', cases: check(liveCodeBenchSpec, value, 'LiveCodeBench cases') };
  if (!value || typeof value !== 'object') fail(`expected an object or array, got ${value === null ? 'null' : typeof value}`);
  const obj = value as Record<string, unknown>;
  if ('format' in obj && typeof obj.format === 'string' && 'cases' in obj && obj.format === 'livecodebench') {
    const cases = check(liveCodeBenchSpec, obj.cases, 'LiveCodeBench cases');
    return { format: 'livecodebench', cases, fn_name: typeof obj.fn_name === 'string' ? obj.fn_name : undefined };
  }
  if ('pytest' in obj) return { format: 'pytest', ...check(pytestSpec, obj, 'pytest') };
  if ('test_list' in obj) return { format: 'mbpp', ...check(mbppSpec, obj, 'MBPP') };
  if ('entry_point' in obj || ('test' in obj && typeof obj.test === 'string')) return { format: 'humaneval', ...check(humanEvalSpec, obj, 'HumanEval') };
  if ('input_output' in obj || ('inputs' in obj && 'outputs' in obj)) {
    const spec = 'input_output' in obj ? check(appsSpec, obj, 'APPS') : { input_output: obj, compare: undefined };
    const io = check(ioArrays, typeof spec.input_output === 'string' ? parseJsonText(spec.input_output, 'input_output') : spec.input_output, 'input_output');
    if (io.inputs.length !== io.outputs.length) fail(`input_output has ${io.inputs.length} inputs but ${io.outputs.length} outputs`);
    if (io.inputs.length === 0) fail('input_output has no cases');
    const compare = spec.compare ?? (typeof obj.compare === 'string' ? (obj.compare as CompareMode) : undefined);
    return { format: 'io', inputs: io.inputs, outputs: io.outputs, fn_name: io.fn_name, compare };
  }
  return fail(`unrecognised shape with keys [${Object.keys(obj).slice(0, 8).join(', ')}]`);
}
