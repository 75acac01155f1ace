// POST /run_code (SandboxFusion's request and response JSON, so verl's sandbox_fusion client works
// unchanged) and POST /v1/tests (a whole test suite for one program). Bodies validated with zod.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { availableLanguages, closeSandbox, getSandbox, Sandbox, type RunResult } from '../../sandbox/index.js';
import { openAIError, sendError } from '../errors.js';
import { metricsRegistry } from '../metrics.js';
import { Counter, Gauge } from 'prom-client';
import type { PluginOptions } from '../plugins.js';

/** SandboxFusion's RunCodeRequest; timeouts in seconds, memory in MB (-1: the default). */
const runCodeBody = z.object({
  code: z.string(),
  language: z.string().min(1),
  stdin: z.string().nullish(),
  compile_timeout: z.number().positive().nullish(),
  run_timeout: z.number().positive().nullish(),
  memory_limit_MB: z.number().nullish(),
  files: z.record(z.string(), z.string().nullable()).nullish(),
  fetch_files: z.array(z.string()).nullish(),
});

const testsBody = z.object({
  code: z.string(),
  language: z.string().min(1),
  tests: z.unknown().refine((value) => value !== undefined && value !== null, 'tests is required'),
  timeout_ms: z.number().positive().optional(),
  memory_limit_mb: z.number().positive().optional(),
});

const executions = new Counter({
  name: 'codeward_sandbox_executions_total',
  help: 'Sandbox executions by route, language and result status.',
  labelNames: ['route', 'language', 'status'] as const,
  registers: [metricsRegistry],
});

let currentSandbox: () => Sandbox | null = () => null;

new Gauge({
  name: 'codeward_sandbox_queue_depth',
  help: 'Requests waiting for a fork-server worker.',
  registers: [metricsRegistry],
  collect() {
    this.set(currentSandbox()?.poolStats()?.queued ?? 0);
  },
});

type CommandStatus = 'Finished' | 'Error' | 'TimeLimitExceeded';

interface CommandResult {
  status: CommandStatus;
  execution_time: number;
  return_code: number | null;
  stdout: string;
  stderr: string;
}

/** Our RunResult in SandboxFusion's RunCodeResponse shape. */
export function toSandboxFusion(result: RunResult) {
  const compileFailed = result.compile.status !== 'ok' && result.compile.status !== 'not_needed';
  const compile_result: CommandResult | null =
    result.compile.status === 'not_needed'
      ? null
      : {
          status: result.compile.status === 'timeout' ? 'TimeLimitExceeded' : result.compile.status === 'sandbox_error' ? 'Error' : 'Finished',
          execution_time: result.compile.durationMs / 1000,
          return_code: result.compile.status === 'ok' ? 0 : 1,
          stdout: '',
          stderr: result.compile.stderr,
        };
  const run_result: CommandResult | null =
    compileFailed || (result.status === 'syntax_error' && result.compile.status !== 'not_needed')
      ? null
      : {
          status: result.status === 'timeout' ? 'TimeLimitExceeded' : result.status === 'sandbox_error' ? 'Error' : 'Finished',
          execution_time: result.durationMs / 1000,
          return_code: result.exitCode,
          stdout: result.stdout,
          stderr: result.stderr,
        };
  const status = result.status === 'ok' ? 'Success' : result.status === 'sandbox_error' ? 'SandboxError' : 'Failed';
  return { status, message: result.message ?? '', compile_result, run_result, executor_pod_name: null, files: result.files ?? {} };
}

function badRequest(reply: FastifyReply, error: z.ZodError, shape: string): FastifyReply {
  const issue = error.issues[0];
  const param = issue?.path.length ? issue.path.join('.') : null;
  const message = `Invalid request body: ${issue ? `${param ?? 'body'}: ${issue.message}` : 'invalid'}. Send ${shape}.`;
  return reply.code(400).send(openAIError(message, 400, 'invalid_request', param));
}

function secondsToMs(value: number | null | undefined): number | undefined {
  return value === null || value === undefined ? undefined : Math.round(value * 1000);
}

const sandboxPlugin: FastifyPluginAsync<PluginOptions> = async (app, { context }) => {
  const own = context.sandbox instanceof Sandbox ? null : true;
  const sandbox = (): Sandbox => (context.sandbox instanceof Sandbox ? context.sandbox : getSandbox());
  if (own) app.addHook('onClose', async () => closeSandbox());
  currentSandbox = sandbox;

  app.post('/run_code', async (request, reply) => {
    const parsed = runCodeBody.safeParse(request.body);
    if (!parsed.success) return badRequest(reply, parsed.error, '{"code": "...", "language": "python", "stdin"?, "run_timeout"?, "compile_timeout"?, "memory_limit_MB"?, "files"?, "fetch_files"?}');
    const body = parsed.data;
    const files: Record<string, string> = {};
    for (const [path, content] of Object.entries(body.files ?? {})) if (content !== null) files[path] = content;
    try {
      const result = await sandbox().runCode({
        language: body.language,
        code: body.code,
        stdin: body.stdin ?? '',
        compileTimeoutMs: secondsToMs(body.compile_timeout),
        runTimeoutMs: secondsToMs(body.run_timeout),
        memoryLimitMb: body.memory_limit_MB !== null && body.memory_limit_MB !== undefined && body.memory_limit_MB > 0 ? body.memory_limit_MB : undefined,
        files,
        fetchFiles: body.fetch_files ?? [],
      });
      executions.inc({ route: '/run_code', language: body.language, status: result.status });
      return toSandboxFusion(result);
    } catch (err) {
      return sendError(reply, err, 'language');
    }
  });

  app.post('/v1/tests', async (request, reply) => {
    const parsed = testsBody.safeParse(request.body);
    if (!parsed.success) return badRequest(reply, parsed.error, '{"code": "...", "language": "python", "tests": <HumanEval | APPS | LiveCodeBench | MBPP | pytest spec>, "timeout_ms"?}');
    const body = parsed.data;
    try {
      const report = await sandbox().runTests({ language: body.language, code: body.code, tests: body.tests, timeoutMs: body.timeout_ms, memoryLimitMb: body.memory_limit_mb });
      executions.inc({ route: '/v1/tests', language: body.language, status: report.status });
      return report;
    } catch (err) {
      return sendError(reply, err, 'tests');
    }
  });

  app.get('/v1/sandbox/languages', async () => ({ languages: availableLanguages() }));
};

export default sandboxPlugin;
