// SARIF 2.1.0 structure as GitHub code scanning reads it, plus the text and JSON reports.
import { describe, expect, it } from 'vitest';
import { scanCode } from '../../src/analysis/engine.js';
import { formatJson, formatText } from '../../src/analysis/report.js';
import { defaultRuleIndex } from '../../src/analysis/rules.js';
import { artifactUri, cweTag, toSarif } from '../../src/analysis/sarif.js';

const rules = defaultRuleIndex();
const code = 'import os, yaml\ndef f(x):\n    os.system("ls " + x)\n    return yaml.load(x)\n';
const scan = scanCode(code, { language: 'python', rules });
const files = [
  { path: '/repo/src/app.py', ...scan },
  { path: '/repo/src/other file.py', ...scan },
  { path: '/repo/bad.xyz', language: 'unknown', findings: [], hasSyntaxErrors: false, durationMs: 0, error: { code: 'unsupported_language', message: 'Unknown language.' } },
];

describe('SARIF', () => {
  const sarif = toSarif(files, { rules, baseDir: '/repo' });
  const run = sarif.runs[0];

  it('has the 2.1.0 envelope and one driver', () => {
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    expect(sarif.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe('codeward');
  });

  it('describes each reported rule the way GitHub expects', () => {
    expect(run.tool.driver.rules.length).toBeGreaterThanOrEqual(2);
    for (const rule of run.tool.driver.rules) {
      expect(rule.id).toMatch(/^[a-z0-9-]+$/);
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.fullDescription.text.length).toBeGreaterThan(0);
      expect(rule.help.text.length).toBeGreaterThan(0);
      expect(rule.help.markdown.length).toBeGreaterThan(0);
      expect(rule.properties.tags).toContain('security');
      expect(rule.properties.tags.some((t) => /^external\/cwe\/cwe-\d{3,}$/.test(t))).toBe(true);
      expect(Number.isFinite(Number(rule.properties['security-severity']))).toBe(true);
      expect(typeof rule.properties['security-severity']).toBe('string');
    }
  });

  it('emits results with rule indexes, relative URIs, regions and fingerprints', () => {
    expect(run.results.length).toBe(scan.findings.length * 2);
    for (const result of run.results) {
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.message.text.length).toBeGreaterThan(0);
      const location = result.locations[0].physicalLocation;
      expect(location.artifactLocation.uri).toMatch(/^src\//);
      expect(location.region.startLine).toBeGreaterThanOrEqual(1);
      expect(location.region.startColumn).toBeGreaterThanOrEqual(1);
      expect(location.region.endLine).toBeGreaterThanOrEqual(location.region.startLine);
      expect(Object.values(result.partialFingerprints)[0]).toMatch(/^[0-9a-f]{32}:\d+$/);
    }
    expect(run.results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri)).toContain('src/other%20file.py');
    const fingerprints = run.results.map((r) => Object.values(r.partialFingerprints)[0]);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });

  it('reports unscannable files as tool notifications', () => {
    const notes = run.invocations[0].toolExecutionNotifications;
    expect(notes).toHaveLength(1);
    expect(notes[0].message.text).toMatch(/unsupported_language/);
  });

  it('pads CWE tags to three digits and keeps URIs relative', () => {
    expect(cweTag('CWE-78')).toBe('external/cwe/cwe-078');
    expect(cweTag('CWE-1333')).toBe('external/cwe/cwe-1333');
    expect(artifactUri('/repo/a/b.py', '/repo')).toBe('a/b.py');
    expect(artifactUri('rel/x.py', '/elsewhere')).toBe('rel/x.py');
    expect(artifactUri('<stdin>', '/')).toBe('stdin');
  });
});

describe('text and JSON reports', () => {
  it('prints file:line:col, rule, CWE and fix availability', () => {
    const text = formatText(files);
    expect(text).toMatch(/\/repo\/src\/app\.py:3:5: high \S+ \[CWE-78\]/);
    expect(text).toMatch(/\[fix available\]/);
    expect(text).toMatch(/bad\.xyz: error unsupported_language/);
    expect(text.trim().split('\n').pop()).toMatch(/finding\(s\).*1 file\(s\) could not be scanned/);
  });

  it('serialises the same data as JSON with a summary', () => {
    const json = JSON.parse(formatJson(files));
    expect(json.summary.findings).toBe(scan.findings.length * 2);
    expect(json.files[0].findings[0].cwe.length).toBeGreaterThan(0);
  });
});
