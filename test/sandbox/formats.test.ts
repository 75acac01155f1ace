// Test formats: parseTestSpec recognises each shape and rejects bad ones clearly; runTests grades
// HumanEval, APPS/TACO (stdin and fn_name), LiveCodeBench, MBPP and pytest, and resists forged verdicts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outputsMatch, parseTestSpec, Sandbox } from '../../src/sandbox/index.js';
import { humanEvalProgram } from '../../src/sandbox/tests/suite.js';
import { CodewardError } from '../../src/shared/errors.js';
import { packageRoot } from '../../src/shared/paths.js';

const sandbox = new Sandbox({ size: 2 });
afterAll(() => sandbox.close());

const addHumanEval = { prompt: 'def add(a, b):\n    """Add two numbers."""\n', test: 'def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(-1, 1) == 0\n', entry_point: 'add' };

describe('parseTestSpec', () => {
  it('recognises every format by shape', () => {
    expect(parseTestSpec(addHumanEval).format).toBe('humaneval');
    expect(parseTestSpec({ input_output: '{"inputs": ["1\\n"], "outputs": ["1\\n"]}' }).format).toBe('io');
    expect(parseTestSpec({ input_output: { inputs: [[1]], outputs: [1], fn_name: 'f' } })).toMatchObject({ format: 'io', fn_name: 'f' });
    expect(parseTestSpec([{ input: '1', output: '1', testtype: 'stdin' }]).format).toBe('livecodebench');
    expect(parseTestSpec('[{"input": "1", "output": "1", "testtype": "functional"}]').format).toBe('livecodebench');
    expect(parseTestSpec({ test_list: ['assert f() == 1'], test_setup_code: '' }).format).toBe('mbpp');
    expect(parseTestSpec({ pytest: 'def test_x():\n    assert True' }).format).toBe('pytest');
  });

  it.each([
    [null, /expected an object or array/],
    [42, /expected an object or array/],
    ['{not json', /not valid JSON/],
    [{ foo: 1 }, /unrecognised shape/],
    [{ input_output: { inputs: ['1'], outputs: [] } }, /1 inputs but 0 outputs/],
    [{ input_output: '{"inputs": 3}' }, /input_output/],
    [[{ input: '1', output: '1', testtype: 'weird' }], /LiveCodeBench/],
    [{ test_list: [] }, /MBPP/],
    [{ test: 'x', entry_point: 5 }, /HumanEval/],
  ])('rejects %j with a clear invalid_input error', (value, message) => {
    try {
      parseTestSpec(value);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CodewardError);
      expect((err as CodewardError).code).toBe('invalid_input');
      expect((err as Error).message).toMatch(message);
    }
  });
});

describe('output comparison', () => {
  it('accepts exact, whitespace-normalized and numeric-tolerance matches in auto mode', () => {
    expect(outputsMatch('1 2\n', '1 2\n')).toBe(true);
    expect(outputsMatch('1   2  \r\n\n', '1 2')).toBe(true);
    expect(outputsMatch('0.3333333333', '0.333333')).toBe(true);
    expect(outputsMatch('1 2', '1 3')).toBe(false);
    expect(outputsMatch('1 2\n', '1 2', 'exact')).toBe(false);
    expect(outputsMatch('0.50000001', '0.5', 'numeric')).toBe(true);
    expect(outputsMatch('abc', 'abd', 'numeric')).toBe(false);
  });
});

describe('runTests', () => {
  it('HumanEval: prompt + completion + test + check(entry_point)', async () => {
    const report = await sandbox.runTests({ language: 'python', code: '    return a + b\n', tests: addHumanEval });
    expect(report).toMatchObject({ status: 'passed', tests_passed: 1, tests_total: 1, syntax_valid: true, compiled: true, executed_without_error: true });
  });

  it('HumanEval: a completion that restates the def is not duplicated', async () => {
    const completion = 'def add(a, b):\n    return a + b\n';
    expect(humanEvalProgram(addHumanEval.prompt, completion, 'add')).toBe(`\n${completion}`);
    const report = await sandbox.runTests({ language: 'python', code: completion, tests: addHumanEval });
    expect(report.status).toBe('passed');
  });

  it('HumanEval: wrong answer, runtime error and syntax error give partial-credit fields', async () => {
    const wrong = await sandbox.runTests({ language: 'python', code: '    return a - b\n', tests: addHumanEval });
    expect(wrong).toMatchObject({ status: 'wrong_answer', tests_passed: 0, syntax_valid: true, executed_without_error: true });
    const crash = await sandbox.runTests({ language: 'python', code: '    return undefined_name\n', tests: addHumanEval });
    expect(crash).toMatchObject({ status: 'runtime_error', executed_without_error: false });
    expect(crash.cases[0].message).toMatch(/NameError/);
    const broken = await sandbox.runTests({ language: 'python', code: '    return a +\n', tests: addHumanEval });
    expect(broken).toMatchObject({ status: 'syntax_error', syntax_valid: false, compiled: false, tests_passed: 0 });
  });

  it('resists reward hacks: exiting early or printing fake verdicts does not pass', async () => {
    const exits = await sandbox.runTests({ language: 'python', code: '    return 0\nimport os\nos._exit(0)\n', tests: addHumanEval });
    expect(exits.status).not.toBe('passed');
    const sysExit = await sandbox.runTests({ language: 'python', code: '    return 0\nimport sys\nsys.exit(0)\n', tests: addHumanEval });
    expect(sysExit.status).not.toBe('passed');
    expect(sysExit.cases[0].message).toMatch(/exited before the tests ran/);
    const forged = await sandbox.runTests({
      language: 'python',
      code: `    return 0\nimport os, json\nfor fd in range(3, 10):\n    try:\n        os.write(fd, (json.dumps({'e': 'case', 'i': 0, 'ok': True, 'n': 'guess'}) + '\\n').encode())\n    except OSError:\n        pass\n`,
      tests: addHumanEval,
    });
    expect(forged.status).toBe('wrong_answer');
    const patched = await sandbox.runTests({
      language: 'python',
      code: 'def sq(x):\n    return 0\ntry:\n    import codeward_harness\n    codeward_harness.same = lambda a, e: True\nexcept ImportError:\n    pass\n',
      tests: { input_output: { inputs: [[3]], outputs: [9], fn_name: 'sq' } },
    });
    expect(patched.status).toBe('wrong_answer');
  });

  it('imports the program as a module under a harness, so its __main__ demo does not run', async () => {
    const code = "    return a + b\n\nif __name__ == '__main__':\n    print(add(int(input()), 1))\n";
    const report = await sandbox.runTests({ language: 'python', code, tests: addHumanEval });
    expect(report.status).toBe('passed');
    const script = await sandbox.runCode({ language: 'python', code: `def add(a, b):\n${code}`, stdin: '41' });
    expect(script.stdout).toBe('42\n');
  });

  it('runs a test setup it has compiled before afresh in every run, and reports one that does not compile', async () => {
    // The fork server compiles each distinct setup once and hands children the code object; module state
    // the setup creates must still start over each run, and broken setups must fail as they always did.
    const counting = { prompt: 'def add(a, b):\n', test: 'CALLS = []\ndef check(candidate):\n    CALLS.append(1)\n    assert len(CALLS) == 1, CALLS\n    assert candidate(2, 3) == 5\n', entry_point: 'add' };
    for (let run = 0; run < 3; run++) {
      expect((await sandbox.runTests({ language: 'python', code: '    return a + b\n', tests: counting })).status).toBe('passed');
    }
    const broken = { ...counting, test: 'def check(candidate:\n    pass\n' };
    for (let run = 0; run < 2; run++) {
      const report = await sandbox.runTests({ language: 'python', code: '    return a + b\n', tests: broken });
      expect(report.status).toBe('runtime_error');
      expect(report.message).toMatch(/test setup failed.*SyntaxError/);
    }
  });

  it('a program that times out inside the harness reports timeout', async () => {
    const report = await sandbox.runTests({ language: 'python', code: '    while True:\n        pass\n', tests: addHumanEval, timeoutMs: 800 });
    expect(report).toMatchObject({ status: 'timeout', tests_passed: 0 });
  });

  it('APPS/TACO stdin cases, with input_output as a JSON string', async () => {
    const tests = { input_output: JSON.stringify({ inputs: ['1 2\n', '3 4\n', '5 5\n'], outputs: ['3\n', '7\n', '11\n'] }) };
    const report = await sandbox.runTests({ language: 'python', code: 'a, b = map(int, input().split())\nprint(a + b)', tests });
    expect(report).toMatchObject({ status: 'wrong_answer', tests_passed: 2, tests_total: 3, produced_output: true });
    expect(report.cases[2]).toMatchObject({ index: 2, status: 'wrong_answer', expected: '11\n', actual: '10\n' });
  });

  it('APPS/TACO fn_name cases call the function, tolerating the [value] wrapping', async () => {
    const tests = { input_output: { inputs: [[2, 3], [[1, 2], 1]], outputs: [[5], [[1, 2, 1]]], fn_name: 'combine' } };
    const code = 'def combine(a, b):\n    return a + b if not isinstance(a, list) else a + [b]';
    const report = await sandbox.runTests({ language: 'python', code, tests });
    expect(report).toMatchObject({ status: 'passed', tests_passed: 2 });
  });

  it('LiveCodeBench functional (class Solution) and stdin cases', async () => {
    const functional = await sandbox.runTests({
      language: 'python',
      code: 'from typing import List\nclass Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n        seen = {}\n        for i, n in enumerate(nums):\n            if target - n in seen:\n                return [seen[target - n], i]\n            seen[n] = i\n',
      tests: [
        { input: '[2,7,11,15]\n9', output: '[0,1]', testtype: 'functional' },
        { input: '[3,2,4]\n6', output: '[1,2]', testtype: 'functional' },
      ],
    });
    expect(functional).toMatchObject({ status: 'passed', tests_passed: 2 });
    const stdin = await sandbox.runTests({ language: 'python', code: 'print(int(input()) ** 2)', tests: [{ input: '4\n', output: '16\n', testtype: 'stdin' }] });
    expect(stdin.status).toBe('passed');
  });

  it('MBPP: test_imports, test_setup_code and one case per assertion', async () => {
    const report = await sandbox.runTests({
      language: 'python',
      code: 'def scaled(x):\n    return math.floor(x * FACTOR)',
      tests: { test_imports: ['import math'], test_setup_code: 'FACTOR = 2', test_list: ['assert scaled(1.6) == 3', 'assert scaled(2) == 4', 'assert scaled(0) == 1'] },
    });
    expect(report).toMatchObject({ status: 'wrong_answer', tests_passed: 2, tests_total: 3 });
    expect(report.cases.map((c) => c.status)).toEqual(['passed', 'passed', 'wrong_answer']);
  });

  it('pytest files: one case per test function', async () => {
    const report = await sandbox.runTests({
      language: 'python',
      code: 'def inc(x):\n    return x + 1',
      tests: { pytest: 'from solution import inc\n\ndef test_one():\n    assert inc(1) == 2\n\ndef test_two():\n    assert inc(2) == 4\n' },
    });
    expect(report).toMatchObject({ status: 'wrong_answer', tests_passed: 1, tests_total: 2 });
    expect(report.cases[1].message).toMatch(/test_two/);
  });

  it('stdin tests for a compiled language compile once', async () => {
    const report = await sandbox.runTests({
      language: 'c',
      code: '#include <stdio.h>\nint main(void) { long a, b; if (scanf("%ld %ld", &a, &b) != 2) return 1; printf("%ld\\n", a * b); return 0; }',
      tests: [{ input: '6 7', output: '42', testtype: 'stdin' }, { input: '2 2', output: '4', testtype: 'stdin' }],
    });
    expect(report).toMatchObject({ status: 'passed', tests_passed: 2, compiled: true });
  });

  it('refuses Python-only formats for other languages with a clear error', async () => {
    await expect(sandbox.runTests({ language: 'javascript', code: 'x', tests: addHumanEval })).rejects.toMatchObject({ code: 'unsupported_language' });
  });
});

const humanEvalFile = join(packageRoot(), '..', 'shared', 'data', 'utility-humaneval.jsonl');

describe.skipIf(!existsSync(humanEvalFile))('HumanEval canonical solutions (shared data)', () => {
  it('passes the first 20 canonical solutions', async () => {
    const problems = readFileSync(humanEvalFile, 'utf8').trim().split('\n').slice(0, 20).map((l) => JSON.parse(l) as Record<string, string>);
    const reports = await Promise.all(problems.map((p) => sandbox.runTests({ language: 'python', code: p.canonical_solution, tests: { prompt: p.prompt, test: p.test, entry_point: p.entry_point } })));
    expect(reports.filter((r) => r.status !== 'passed').map((r) => r.message)).toEqual([]);
  });
});
