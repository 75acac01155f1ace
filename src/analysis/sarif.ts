// SARIF 2.1.0 output in the shape GitHub code scanning ingests: rule metadata with CWE tags and a
// numeric security-severity, results with relative URIs, regions and stable fingerprints.
import { createHash } from 'node:crypto';
import { relative, sep } from 'node:path';
import type { Rule, RuleIndex } from './rules.js';
import type { Finding, Severity } from './types.js';

export interface SarifInput {
  path: string;
  findings: Finding[];
  error?: { code: string; message: string };
}

export interface SarifOptions {
  rules: RuleIndex;
  /** Directory that result URIs are relative to; the current directory by default. */
  baseDir?: string;
  toolVersion?: string;
}

/** GitHub's bands: critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/** `CWE-78` → `external/cwe/cwe-078`, the tag form GitHub shows as a CWE link. */
export function cweTag(cwe: string): string {
  const number = /\d+/.exec(cwe)?.[0] ?? '0';
  return `external/cwe/cwe-${number.padStart(3, '0')}`;
}

/** A relative, forward-slash, percent-encoded URI; stdin stays `stdin`. */
export function artifactUri(path: string, baseDir: string): string {
  if (path === '-' || path === '<stdin>') return 'stdin';
  const rel = path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) ? relative(baseDir, path) : path;
  return rel.split(sep).join('/').split('/').map(encodeURIComponent).join('/');
}

function ruleDescriptor(rule: Rule) {
  const references = rule.references ?? [];
  const referenceText = references.length ? `\n\nReferences:\n${references.map((r) => `- ${r}`).join('\n')}` : '';
  return {
    id: rule.id,
    name: rule.id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.message },
    fullDescription: { text: rule.help.trim() },
    help: {
      text: `${rule.help.trim()}${referenceText}`,
      markdown: `**${rule.message}**\n\n${rule.help.trim()}${references.length ? `\n\n**References**\n${references.map((r) => `- <${r}>`).join('\n')}` : ''}`,
    },
    ...(references[0] ? { helpUri: references[0] } : {}),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ['security', ...rule.cwe.map(cweTag), ...rule.languages],
      'security-severity': SECURITY_SEVERITY[rule.severity],
      precision: rule.confidence === 'high' ? 'high' : rule.confidence === 'medium' ? 'medium' : 'low',
      problem: { severity: LEVEL[rule.severity] === 'note' ? 'recommendation' : LEVEL[rule.severity] },
    },
  };
}

/** Stable across unrelated edits: rule, file and the matched text, not the line number. */
function fingerprint(ruleId: string, uri: string, finding: Finding, occurrence: number): string {
  const normalized = finding.snippet.replace(/\s+/g, ' ').trim();
  return `${createHash('sha256').update(`${ruleId}\0${uri}\0${normalized}`).digest('hex').slice(0, 32)}:${occurrence}`;
}

export function toSarif(files: SarifInput[], options: SarifOptions) {
  const baseDir = options.baseDir ?? process.cwd();
  const used = new Map<string, number>();
  const descriptors: ReturnType<typeof ruleDescriptor>[] = [];
  const results = [];
  const notifications = [];

  for (const file of files) {
    const uri = artifactUri(file.path, baseDir);
    if (file.error) {
      notifications.push({
        level: 'error',
        message: { text: `${file.error.code}: ${file.error.message}` },
        locations: [{ physicalLocation: { artifactLocation: { uri } } }],
      });
    }
    const occurrences = new Map<string, number>();
    for (const finding of file.findings) {
      let ruleIndex = used.get(finding.ruleId);
      if (ruleIndex === undefined) {
        const rule = options.rules.byId(finding.ruleId);
        if (!rule) continue;
        ruleIndex = descriptors.length;
        descriptors.push(ruleDescriptor(rule));
        used.set(finding.ruleId, ruleIndex);
      }
      const key = `${finding.ruleId}\0${finding.snippet}`;
      const occurrence = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, occurrence);
      results.push({
        ruleId: finding.ruleId,
        ruleIndex,
        level: LEVEL[finding.severity],
        message: { text: `${finding.message} (${finding.cwe.join(', ')})${finding.fixable ? ' A fix is available: codeward fix.' : ''}` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri, ...(uri === 'stdin' ? {} : { uriBaseId: '%SRCROOT%' }) },
              region: {
                startLine: finding.range.start.line,
                startColumn: finding.range.start.column,
                endLine: finding.range.end.line,
                endColumn: finding.range.end.column,
                snippet: { text: finding.snippet },
              },
            },
          },
        ],
        partialFingerprints: { 'codewardFindingHash/v1': fingerprint(finding.ruleId, uri, finding, occurrence) },
      });
    }
  }

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'codeward',
            semanticVersion: options.toolVersion ?? '0.1.0',
            version: options.toolVersion ?? '0.1.0',
            rules: descriptors,
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits' as const,
        results,
      },
    ],
  };
}
