// Fragments cut out of larger files still yield findings at their true positions: PHP without an
// open tag, and Python that starts inside a docstring.
import { describe, expect, it } from 'vitest';
import { fragmentPrefixes, scanCode } from '../../src/analysis/engine.js';

describe('PHP fragments without <?php', () => {
  it('are parsed as code and report columns of the original text', () => {
    const result = scanCode("system('ping ' . $_GET['h']);\n", { language: 'php', ruleIds: ['php-command-injection'] });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0].range.start).toEqual({ line: 1, column: 1 });
    expect(result.findings[0].range.startIndex).toBe(0);
  });
  it('leave markup-first templates as HTML', () => {
    expect(fragmentPrefixes('<div><?= $x ?></div>', 'php')).toEqual(['']);
    expect(fragmentPrefixes('<p>hello</p>', 'php')).toEqual(['']);
  });
  it('are code when `<?` is only inside a string, or when a `?>` shows they start inside PHP', () => {
    expect(fragmentPrefixes("$out = '<?' . $code;\nsystem($_GET['c']);", 'php')).toEqual(['<?php ']);
    expect(fragmentPrefixes("system($_GET['c']);\n?>\n<p>x</p>\n<?php echo 1;", 'php')).toEqual(['<?php ']);
    expect(fragmentPrefixes('<?php system($x);', 'php')).toEqual(['']);
    expect(fragmentPrefixes('<?xml version="1.0"?>\n<root/>', 'php')).toEqual(['']);
    const cut = scanCode("system('ping ' . $_GET['h']);\n?>\n<b>done</b>\n<?php echo 1;", { language: 'php', ruleIds: ['php-command-injection'] });
    expect(cut.findings.map((f) => f.range.start)).toEqual([{ line: 1, column: 1 }]);
  });
});

describe('Python fragments that start inside a docstring', () => {
  const fragment = '    Removes the build folder.\n    """\n    os.system("rm -rf " + folder)\n';
  it('are also read behind the closing delimiter', () => {
    expect(fragmentPrefixes(fragment, 'python')).toEqual(['', '"""']);
    const result = scanCode(fragment, { language: 'python', ruleIds: ['python-os-system-injection'] });
    expect(result.findings.map((f) => f.range.start.line)).toEqual([3]);
  });
  it('are read behind the delimiter even when the first reading has no syntax error', () => {
    // The code between a closing and an opening delimiter parses cleanly as one string literal, so
    // gating the second reading on syntax errors would lose this finding.
    const cleanAsString = '"""\nimport os\nos.system("rm " + name)\n"""\n';
    const result = scanCode(cleanAsString, { language: 'python', ruleIds: ['python-os-system-injection'] });
    expect(result.hasSyntaxErrors).toBe(false);
    expect(result.findings.map((f) => f.range.start.line)).toEqual([3]);
  });
  it('read ordinary docstrings once', () => {
    expect(fragmentPrefixes('def f():\n    """Doc."""\n    return 1\n', 'python')).toEqual(['']);
    expect(fragmentPrefixes('"""Module docstring."""\nimport os\n', 'python')).toEqual(['']);
    expect(fragmentPrefixes('x = """\ntext\n"""\n', 'python')).toEqual(['']);
  });
});
