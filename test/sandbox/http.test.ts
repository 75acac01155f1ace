// POST /run_code answers in SandboxFusion's exact response shape (verl's client reads it unchanged)
// and POST /v1/tests runs a suite; bad bodies get 400, a full queue 429.
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../src/server/app.js';
import { Sandbox } from '../../src/sandbox/index.js';

const sandbox = new Sandbox({ size: 1, maxQueue: 1 });
const app = await buildServer({ context: { sandbox } });
afterAll(async () => {
  await app.close();
  await sandbox.close();
});

const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object });

describe('POST /run_code (SandboxFusion-compatible)', () => {
  it('runs Python and answers with exactly SandboxFusion fields', async () => {
    const res = await post('/run_code', { code: 'print(input())', language: 'python', stdin: 'hi', run_timeout: 5, compile_timeout: 5, memory_limit_MB: -1, files: {}, fetch_files: [] });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['compile_result', 'executor_pod_name', 'files', 'message', 'run_result', 'status']);
    expect(body).toMatchObject({ status: 'Success', compile_result: null, files: {} });
    expect(Object.keys(body.run_result).sort()).toEqual(['execution_time', 'return_code', 'status', 'stderr', 'stdout']);
    expect(body.run_result).toMatchObject({ status: 'Finished', return_code: 0, stdout: 'hi\n', stderr: '' });
    expect(typeof body.run_result.execution_time).toBe('number');
  });

  it('reports compile errors, failures, timeouts and fetched files the SandboxFusion way', async () => {
    const compile = (await post('/run_code', { code: 'int main( {', language: 'cpp' })).json();
    expect(compile).toMatchObject({ status: 'Failed', compile_result: { status: 'Finished', return_code: 1 }, run_result: null });
    const failed = (await post('/run_code', { code: 'exit 3', language: 'bash' })).json();
    expect(failed).toMatchObject({ status: 'Failed', run_result: { status: 'Finished', return_code: 3 } });
    const slow = (await post('/run_code', { code: 'import time\ntime.sleep(10)', language: 'python', run_timeout: 0.5 })).json();
    expect(slow).toMatchObject({ status: 'Failed', run_result: { status: 'TimeLimitExceeded' } });
    const files = (await post('/run_code', { code: "open('o.txt','w').write(open('i.txt').read()*2)", language: 'python', files: { 'i.txt': Buffer.from('ab').toString('base64') }, fetch_files: ['o.txt'] })).json();
    expect(Buffer.from(files.files['o.txt'], 'base64').toString()).toBe('abab');
  });

  it.each([
    [{ language: 'python' }, /code/],
    [{ code: 'x' }, /language/],
    [{ code: 'x', language: 'python', run_timeout: 'soon' }, /run_timeout/],
    [{ code: 'x', language: 'python', files: { 'a.txt': 5 } }, /files/],
  ])('answers 400 with a clear message for %j', async (payload, message) => {
    const res = await post('/run_code', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(message);
  });

  it('answers 400 for an unsupported language and malformed JSON', async () => {
    const lang = await post('/run_code', { code: 'x', language: 'brainfuck' });
    expect(lang.statusCode).toBe(400);
    expect(lang.json().error.code).toBe('unsupported_language');
    const junk = await app.inject({ method: 'POST', url: '/run_code', payload: '{"code": ', headers: { 'content-type': 'application/json' } });
    expect(junk.statusCode).toBe(400);
  });

  it('answers 429 when the sandbox queue is full', async () => {
    const slow = { code: 'import time\ntime.sleep(0.8)', language: 'python' };
    // inject() is lazy until awaited; Promise.resolve dispatches the requests now.
    const first = Promise.resolve(post('/run_code', slow));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = Promise.resolve(post('/run_code', slow));
    const third = await post('/run_code', slow);
    expect(third.statusCode).toBe(429);
    expect(third.json().error.code).toBe('queue_full');
    expect((await first).statusCode).toBe(200);
    expect((await second).statusCode).toBe(200);
  });
});

describe('sandbox metrics', () => {
  it('counts executions by route, language and status, and exposes the queue depth', async () => {
    await post('/run_code', { code: 'print(1)', language: 'python' });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/codeward_sandbox_executions_total\{route="\/run_code",language="python",status="ok"\} \d+/);
    expect(metrics.body).toContain('codeward_sandbox_queue_depth 0');
  });
});

describe('POST /v1/tests', () => {
  it('runs a whole suite and returns the TestReport', async () => {
    const res = await post('/v1/tests', { language: 'python', code: 'def f(x):\n    return x * 2', tests: { test_list: ['assert f(2) == 4', 'assert f(3) == 7'] } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'wrong_answer', tests_passed: 1, tests_total: 2, syntax_valid: true });
  });

  it('answers 400 for a missing or unrecognisable test spec', async () => {
    const missing = await post('/v1/tests', { language: 'python', code: 'x' });
    expect(missing.statusCode).toBe(400);
    const weird = await post('/v1/tests', { language: 'python', code: 'x', tests: { nope: true } });
    expect(weird.statusCode).toBe(400);
    expect(weird.json().error.message).toMatch(/unrecognised shape/);
  });
});
