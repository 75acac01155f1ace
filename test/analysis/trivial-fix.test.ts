import { describe, expect, it } from 'vitest';
import { checkTrivialFix } from '../../src/analysis/trivial-fix.js';

const pythonOriginal = `import subprocess
import yaml

def load_config(path):
    """Reads the YAML config."""
    with open(path) as fh:
        data = yaml.load(fh)
    data.setdefault("name", "demo")
    return data

def run(cmd):
    out = subprocess.check_output(cmd, shell=True)
    return out.decode()
`;

describe('checkTrivialFix', () => {
  it('accepts a real repair (yaml.load → yaml.safe_load)', () => {
    const fixed = pythonOriginal.replace('yaml.load(fh)', 'yaml.safe_load(fh)');
    const result = checkTrivialFix({ original: pythonOriginal, fixed, language: 'python' });
    expect(result.trivial).toBe(false);
    expect(result.reasons).toEqual([]);
    expect(result.similarity).toBeGreaterThan(0.9);
    expect(result.deletionRatio).toBe(0);
  });

  it('accepts a repair that adds code (shell=True → argument list)', () => {
    const fixed = pythonOriginal.replace('subprocess.check_output(cmd, shell=True)', 'subprocess.check_output(shlex.split(cmd))').replace('import subprocess', 'import shlex\nimport subprocess');
    expect(checkTrivialFix({ original: pythonOriginal, fixed, language: 'python' }).trivial).toBe(false);
  });

  it('flags a removed function', () => {
    const fixed = pythonOriginal.slice(0, pythonOriginal.indexOf('def run'));
    const result = checkTrivialFix({ original: pythonOriginal, fixed, language: 'python' });
    expect(result.trivial).toBe(true);
    expect(result.removedFunctions).toEqual(['run']);
    expect(result.reasons.join(' ')).toContain('removed function(s): run');
  });

  it.each([
    ['pass', '    pass\n'],
    ['return None', '    return None\n'],
    ['a docstring only', '    """Runs the command."""\n'],
    ['raise NotImplementedError', '    raise NotImplementedError("later")\n'],
    ['a constant', '    return ""\n'],
  ])('flags a body replaced by %s', (_label, body) => {
    const fixed = pythonOriginal.replace(/def run\(cmd\):\n[\s\S]*$/, `def run(cmd):\n${body}`);
    const result = checkTrivialFix({ original: pythonOriginal, fixed, language: 'python' });
    expect(result.trivial).toBe(true);
    expect(result.stubbedFunctions).toEqual(['run']);
  });

  it('does not flag a function that was a stub already', () => {
    const original = 'def todo():\n    pass\n\ndef f(x):\n    return eval(x)\n';
    const fixed = 'import ast\n\ndef todo():\n    pass\n\ndef f(x):\n    return ast.literal_eval(x)\n';
    expect(checkTrivialFix({ original, fixed, language: 'python' }).trivial).toBe(false);
  });

  it('flags a large deletion even when every function survives', () => {
    const original = `function handle(req, res) {\n${Array.from({ length: 12 }, (_, i) => `  const v${i} = req.query.p${i} || ${i};\n  res.write(String(v${i}));`).join('\n')}\n  res.end(eval(req.query.code));\n}\n`;
    const fixed = 'function handle(req, res) {\n  res.end("ok");\n}\n';
    const result = checkTrivialFix({ original, fixed, language: 'javascript' });
    expect(result.trivial).toBe(true);
    expect(result.deletionRatio).toBeGreaterThan(0.5);
  });

  it('finds functions in C, Java, Go and Rust and flags their stubs', () => {
    const cases: [string, string, string][] = [
      ['c', 'int copy(char *d, const char *s) { strcpy(d, s); return 0; }\n', 'int copy(char *d, const char *s) { }\n'],
      ['java', 'class A { String read(String p) throws Exception { Runtime.getRuntime().exec(p); return p; } }', 'class A { String read(String p) { throw new UnsupportedOperationException(); } }'],
      ['go', 'package m\nfunc Run(c string) error {\n  cmd := exec.Command("sh", "-c", c)\n  return cmd.Run()\n}\n', 'package m\nfunc Run(c string) error {\n  return nil\n}\n'],
      ['rust', 'fn run(c: &str) -> i32 { let x = c.len(); x as i32 }\n', 'fn run(c: &str) -> i32 { todo!() }\n'],
    ];
    for (const [language, original, fixed] of cases) {
      const result = checkTrivialFix({ original, fixed, language });
      expect(result.stubbedFunctions, language).toHaveLength(1);
      expect(result.trivial, language).toBe(true);
    }
  });

  it('flags an empty fix and survives garbage, unknown languages and broken code', () => {
    expect(checkTrivialFix({ original: pythonOriginal, fixed: '   ', language: 'python' })).toMatchObject({ trivial: true, deletionRatio: 1 });
    const unknown = checkTrivialFix({ original: 'a\nb\nc\n', fixed: 'a\nb\nc\n', language: 'cobol' });
    expect(unknown.trivial).toBe(false);
    expect(unknown.reasons[0]).toContain('no grammar');
    const garbage = checkTrivialFix({ original: '\u0000\u0001def (((', fixed: ')))\uffff', language: 'python' });
    expect(garbage.similarity).toBeGreaterThanOrEqual(0);
  });
});
