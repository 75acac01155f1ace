// The Python/PHP/Ruby programmatic fixers refuse rewrites they cannot prove safe: the finding stays
// and the code is unchanged. Positive rewrites are covered by each rule's `output` fixtures.
import { describe, expect, it } from 'vitest';
import { fixCode } from '../../src/analysis/fix.js';

function unchanged(code: string, language: string, ruleId: string) {
  const result = fixCode(code, { language, ruleIds: [ruleId] });
  expect(result.code).toBe(code);
  expect(result.applied).toEqual([]);
  expect(result.remaining.map((f) => f.ruleId)).toContain(ruleId);
}

describe('python-sql-parameterize', () => {
  it('leaves a table name placeholder alone (identifiers cannot be bound)', () => {
    unchanged("cursor.execute('SELECT COUNT(*) FROM %s' % table)\n", 'python', 'python-sql-injection');
  });
  it('leaves a query whose placeholder count differs from its values', () => {
    unchanged("cursor.execute('SELECT * FROM t WHERE a = %s AND b = %s' % a)\n", 'python', 'python-sql-injection');
  });
  it('leaves .format-built queries and f-strings with format specs', () => {
    unchanged("cursor.execute('SELECT * FROM t WHERE id = {}'.format(i))\n", 'python', 'python-sql-injection');
    unchanged("cursor.execute(f'SELECT * FROM t WHERE price = {p:.2f}')\n", 'python', 'python-sql-injection');
  });
  it('uses ? placeholders when the code uses sqlite3', () => {
    const result = fixCode("import sqlite3\ncur.execute('DELETE FROM t WHERE id = %d' % rid)\n", { language: 'python', ruleIds: ['python-sql-injection'] });
    expect(result.code).toContain("cur.execute('DELETE FROM t WHERE id = ?', (rid,))");
  });
});

describe('python-eval-to-literal-eval', () => {
  it('does not turn eval of an expression variable into literal_eval (it would change behaviour)', () => {
    unchanged('def f(expression):\n    return eval(expression)\n', 'python', 'python-eval-injection');
  });
  it('keeps eval with explicit namespaces', () => {
    unchanged('r = eval(src, {}, scope)\n', 'python', 'python-eval-injection');
  });
});

describe('python-shell-literal-to-argv', () => {
  it('does not split commands that use shell syntax', () => {
    unchanged("os.system('ls *.py | wc -l')\n", 'python', 'python-shell-literal-command');
    unchanged("subprocess.run('echo $HOME', shell=True)\n", 'python', 'python-shell-literal-command');
  });
});

describe('python-shell-command-to-argv', () => {
  it('refuses values glued to other text or commands with shell syntax', () => {
    unchanged("os.system('cp ' + src + ' ./temp/' + str(i) + '.jpg')\n", 'python', 'python-os-system-injection');
    unchanged("subprocess.call(f'ls {d} | wc -l', shell=True)\n", 'python', 'python-subprocess-shell-injection');
    unchanged('subprocess.call(cmd, shell=True)\n', 'python', 'python-subprocess-shell-injection');
  });
  it('does not rewrite os.popen, whose result is a pipe', () => {
    unchanged("out = os.popen('ls ' + d).read()\n", 'python', 'python-os-system-injection');
  });
});

describe('python-chmod-owner-only', () => {
  it('leaves symbolic modes for a person to choose', () => {
    unchanged('os.chmod(p, stat.S_IRWXU | stat.S_IRWXO)\n', 'python', 'python-permissive-file-mode');
  });
});

describe('PHP and Ruby fixers', () => {
  it('rewrites rand() with two bounds only', () => {
    unchanged('<?php $token = mt_rand();\n', 'php', 'php-insecure-random-secret');
  });
  it('has no safe rewrite for Marshal.load', () => {
    unchanged('obj = Marshal.load(data)\n', 'ruby', 'ruby-unsafe-deserialization');
  });
  it('fixes PHP fragments without an open tag and keeps them tag-less', () => {
    const result = fixCode('curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, 0);\n', { language: 'php', ruleIds: ['php-curl-tls-verify-disabled'] });
    expect(result.code).toBe('curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, true);\n');
    expect(result.remaining).toEqual([]);
  });
});
