// The detector: parses code once with tree-sitter (via ast-grep), runs the prefiltered rules for its
// language and returns Findings. Never throws: bad input comes back as ScanResult.error.
import { parse, type SgNode, type SgRoot } from '@ast-grep/napi';
import { flatTreeFor } from './compiled/flat-tree.js';
import { COMPILED_LANGUAGES, matchCompiled, partitionRules } from './compiled/index.js';
import type { Located } from './compiled/tree.js';
import { astGrepLanguage, ensureLanguagesRegistered, normalizeLanguage, type LanguageId } from './languages.js';
import { asciiRuleTree } from './regex-ascii.js';
import { defaultRuleIndex, type Rule, type RuleIndex } from './rules.js';
import { severityRank, type Finding, type RuleError, type ScanResult, type Severity } from './types.js';

/** Inputs above this size are refused: tree-sitter is linear but a model answer is never this big. */
export const MAX_SCAN_BYTES = 8 * 1024 * 1024;
const SNIPPET_LIMIT = 200;

export interface ScanOptions {
  language: string;
  rules?: RuleIndex;
  /** Only report findings at or above this severity. */
  minSeverity?: Severity;
  /** Restrict to these rule ids (used by the rule test runner and the fixer's re-scan). */
  ruleIds?: string[];
  /**
   * `auto` (the default): the compiled engine on the native parser's flat tree (compiled/flat-tree.ts) where it
   * is built and verified for the language (FLAT_TREE_USE), else on napi's tree; `napi-tree`: the
   * compiled engine on napi's tree; `napi`: every rule through ast-grep's findAll, the reference.
   */
  engine?: 'auto' | 'napi-tree' | 'napi';
  /**
   * Parse even when the prefilter leaves no rule that could match, to report hasSyntaxErrors. Off by default:
   * clean code (most of a model's output) then costs the anchor search alone, as Semgrep skips such files.
   */
  checkSyntax?: boolean;
}

export interface ParsedSource {
  root: SgRoot;
  language: LanguageId;
}

/** Parses source for a known language; throws only for programming errors. */
export function parseSource(source: string, language: LanguageId): SgRoot {
  ensureLanguagesRegistered();
  return parse(astGrepLanguage(language) as never, source);
}

/**
 * ERROR nodes plus the zero-width MISSING tokens tree-sitter inserts to recover (an unclosed `(`
 * yields a missing `)` and no ERROR node), so fixes that break code are caught either way.
 */
export function countSyntaxErrors(root: SgRoot): number {
  const top = root.root();
  const errors = top.findAll({ rule: { kind: 'ERROR' } }).length;
  const missing = top.findAll({ rule: { regex: '^$' } } as never).filter((n) => n.parent() !== null).length;
  return errors + missing;
}

/** The ast-grep matcher config of a rule, exactly as written. */
export function ruleConfig(rule: Rule) {
  return {
    rule: rule.rule,
    constraints: rule.constraints,
    utils: rule.utils,
    transform: rule.transform,
  } as never;
}

const fastConfigs = new WeakMap<Rule, { config: never; usable: boolean }>();

/**
 * The config ast-grep compiles on every call (napi keeps no compiled rules), built once per rule, with
 * regex classes rewritten to ASCII (regex-ascii.ts) because Unicode classes dominate the compile time.
 * Falls back to the rule as written if the rewrite does not compile.
 */
function fastConfig(rule: Rule): { config: never; usable: boolean } {
  let entry = fastConfigs.get(rule);
  if (!entry) {
    const config = {
      rule: asciiRuleTree(rule.rule),
      constraints: asciiRuleTree(rule.constraints),
      utils: asciiRuleTree(rule.utils),
      transform: rule.transform,
    } as never;
    entry = { config, usable: true };
    fastConfigs.set(rule, entry);
  }
  return entry;
}

function findAllFor(top: SgNode, rule: Rule): SgNode[] {
  const fast = fastConfig(rule);
  if (fast.usable) {
    try {
      return top.findAll(fast.config);
    } catch {
      fast.usable = false;
    }
  }
  return top.findAll(ruleConfig(rule));
}

export function findingFromNode(rule: Rule, node: Located): Finding {
  const range = node.range();
  const text = node.text();
  return {
    ruleId: rule.id,
    cwe: rule.cwe,
    severity: rule.severity,
    message: rule.message,
    range: {
      start: { line: range.start.line + 1, column: range.start.column + 1 },
      end: { line: range.end.line + 1, column: range.end.column + 1 },
      startIndex: range.start.index,
      endIndex: range.end.index,
    },
    snippet: text.length > SNIPPET_LIMIT ? `${text.slice(0, SNIPPET_LIMIT)}…` : text,
    fixable: Boolean(rule.fix ?? rule.fixer),
  };
}

/**
 * Runs the candidate rules over a parsed tree. A rule's own error never aborts the scan: it is pushed
 * to `errors` when given (scanCode reports them as ScanResult.ruleErrors) and the other rules still run.
 */
export function matchRules(root: SgRoot, rules: Rule[], errors?: RuleError[]): { rule: Rule; node: SgNode }[] {
  const matches: { rule: Rule; node: SgNode }[] = [];
  const top = root.root();
  for (const rule of rules) {
    let nodes: SgNode[];
    try {
      nodes = findAllFor(top, rule);
    } catch (err) {
      errors?.push({ ruleId: rule.id, message: err instanceof Error ? err.message : String(err) });
      continue;
    }
    for (const node of nodes) matches.push({ rule, node });
  }
  return matches;
}

/**
 * matchRules with the compiled engine (compiled/) for the rules it reproduces exactly, on the same tree;
 * the others (and every rule of a language not yet verified) still run through napi.
 */
function matchForScan(text: string, rules: Rule[], language: LanguageId, engine: ScanOptions['engine'], errors?: RuleError[]) {
  let root: SgRoot | undefined;
  const napiRoot = () => (root ??= parseSource(text, language));
  if (engine === 'napi' || !COMPILED_LANGUAGES.has(language)) {
    return { matches: matchRules(napiRoot(), rules, errors), hasErrors: napiRoot().root().has({ rule: { kind: 'ERROR' } } as never) };
  }
  const { compiled, unsupported } = partitionRules(rules, language);
  const flat = engine === 'napi-tree' ? null : flatTreeFor(text, language);
  const { matches, hasErrors } = matchCompiled(flat ?? napiRoot(), compiled, language, napiRoot);
  if (unsupported.length === 0) return { matches, hasErrors };
  return { matches: [...matches, ...matchRules(napiRoot(), unsupported.map((u) => u.rule), errors)], hasErrors };
}

function failure(language: string, code: string, message: string, started: number): ScanResult {
  return { language, findings: [], durationMs: performance.now() - started, error: { code, message } };
}

export function selectRules(source: string, language: LanguageId, options: ScanOptions): Rule[] {
  const index = options.rules ?? defaultRuleIndex();
  let rules = index.candidates(language, source);
  if (options.ruleIds) {
    const wanted = new Set(options.ruleIds);
    rules = rules.filter((r) => wanted.has(r.id));
  }
  return rules;
}

/**
 * tree-sitter-php reads everything outside `<?php ... ?>` as inline HTML, so a fragment without an open
 * tag would yield no code at all; such fragments are parsed behind this prefix (same line, so lines hold).
 */
export function phpOpenTag(source: string, language: LanguageId): string {
  if (language !== 'php') return '';
  // A real open tag, not `<?` inside a string ('<?' . $code) or an XML declaration.
  const open = /<\?(php\b|=|\s)/i.exec(source);
  // A `?>` before the first open tag means the fragment was cut out of PHP code: it starts inside it.
  if (open) return source.slice(0, open.index).includes('?>') ? '<?php ' : '';
  // A fragment that opens with markup is a template: its text is HTML, and parsing it as code would garble it.
  return /^\s*</.test(source) ? '' : '<?php ';
}

/**
 * Prefixes under which a fragment is read. A Python fragment cut out of a file can start inside a
 * docstring: its first triple quote then closes a string instead of opening one and the code after
 * it reads as text. Such fragments are also read behind that delimiter, even when the first reading has
 * no syntax error: `"""<newline>code<newline>"""` parses cleanly as one string literal.
 */
export function fragmentPrefixes(source: string, language: LanguageId): string[] {
  if (language === 'php') return [phpOpenTag(source, language)];
  if (language === 'python') {
    const match = /"""|'''/.exec(source);
    if (match && (source.split(match[0]).length % 2 === 0 || closesString(source, match.index))) return ['', match[0]];
  }
  return [''];
}

/**
 * Whether the triple quote at `at` looks like the end of a string that began before the fragment:
 * prose precedes it, or a line that cannot open a string (not `def ...:`, `x =`, a call or a list).
 */
function closesString(source: string, at: number): boolean {
  const lineStart = source.lastIndexOf('\n', at - 1) + 1;
  const before = source.slice(lineStart, at).trim();
  const opener = /(^|[=(,[{:]|\breturn|\b[rRbBuUfF]{1,2})$/;
  if (before !== '') return !opener.test(before) && !/^[rRbBuUfF]{0,2}$/.test(before);
  const previous = source.slice(0, lineStart).split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')).pop();
  if (previous !== undefined) return !opener.test(previous);
  // A lone delimiter on the fragment's first line is as likely a closing one; `"""Text` opens.
  const lineEnd = source.indexOf('\n', at);
  return source.slice(at + 3, lineEnd === -1 ? undefined : lineEnd).trim() === '';
}

function shiftFinding(finding: Finding, by: number): Finding {
  const { start, end } = finding.range;
  return {
    ...finding,
    range: {
      start: { line: start.line, column: start.line === 1 ? start.column - by : start.column },
      end: { line: end.line, column: end.line === 1 ? end.column - by : end.column },
      startIndex: finding.range.startIndex - by,
      endIndex: finding.range.endIndex - by,
    },
  };
}

/** A scan settled without parsing (`done`), or what the parse and match need. */
type PreparedScan = { done: ScanResult } | { language: LanguageId; text: string; rules: Rule[]; started: number };

/** Validates the input and selects the candidate rules: everything a scan does before it parses. */
function prepareScan(source: string, options: ScanOptions): PreparedScan {
  const started = performance.now();
  const language = normalizeLanguage(options.language);
  if (!language) {
    return { done: failure(String(options.language), 'unsupported_language', `Unknown language "${options.language}"; pass one of python, javascript, typescript, c, cpp, java, go, php, ruby, csharp, rust, bash.`, started) };
  }
  if (typeof source !== 'string') return { done: failure(language, 'invalid_input', 'Code must be a string.', started) };
  if (source.length > MAX_SCAN_BYTES) {
    return { done: failure(language, 'invalid_input', `Code is ${source.length} characters; the limit is ${MAX_SCAN_BYTES}.`, started) };
  }
  // NUL bytes confuse some grammars' external scanners; they never carry meaning in source code.
  const text = source.includes('\0') ? source.replace(/\0/g, ' ') : source;
  try {
    const rules = selectRules(text, language, options);
    if (rules.length === 0 && !options.checkSyntax) return { done: { language, findings: [], durationMs: performance.now() - started } };
    return { language, text, rules, started };
  } catch (err) {
    return { done: failure(language, 'internal_error', `Scan failed: ${(err as Error).message}`, started) };
  }
}

/**
 * scanCode's result when it needs no parse (bad input, or no rule's anchors occur in the code), else undefined:
 * the anchor search alone, for a caller that would otherwise send the code to a worker thread (ScanPool).
 */
export function scanWithoutParse(source: string, options: ScanOptions): ScanResult | undefined {
  const prepared = prepareScan(source, options);
  return 'done' in prepared ? prepared.done : undefined;
}

/** Scans one piece of code. */
export function scanCode(source: string, options: ScanOptions): ScanResult {
  const prepared = prepareScan(source, options);
  if ('done' in prepared) return prepared.done;
  const { language, text, rules, started } = prepared;
  try {
    const min = options.minSeverity ? severityRank(options.minSeverity) : 0;
    const seen = new Set<string>();
    const findings: Finding[] = [];
    let hasSyntaxErrors = false;
    const ruleErrors: RuleError[] = [];
    fragmentPrefixes(text, language).forEach((prefix, reading) => {
      // A rule that fails fails the same way on every reading: report it once.
      const { matches, hasErrors } = matchForScan(prefix + text, rules, language, options.engine, reading === 0 ? ruleErrors : undefined);
      if (reading === 0) hasSyntaxErrors = hasErrors;
      for (const { rule, node } of matches) {
        if (severityRank(rule.severity) < min) continue;
        const found = findingFromNode(rule, node);
        const finding = prefix ? shiftFinding(found, prefix.length) : found;
        const key = `${rule.id}:${finding.range.startIndex}:${finding.range.endIndex}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push(finding);
      }
    });
    findings.sort((a, b) => a.range.startIndex - b.range.startIndex || a.ruleId.localeCompare(b.ruleId));
    const result: ScanResult = { language, findings, hasSyntaxErrors, durationMs: performance.now() - started };
    if (ruleErrors.length) result.ruleErrors = ruleErrors;
    return result;
  } catch (err) {
    return failure(language, 'internal_error', `Scan failed: ${(err as Error).message}`, started);
  }
}
