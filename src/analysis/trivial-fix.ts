// Deterministic check that a "fixed" program still does what the original did: flags removed
// functions, bodies stubbed out, large deletions and low AST similarity. Heuristic, not a proof.
import type { SgNode } from '@ast-grep/napi';
import { parseSource } from './engine.js';
import { normalizeLanguage, type LanguageId } from './languages.js';

export interface TrivialFixInput {
  original: string;
  fixed: string;
  language: string;
}

export interface TrivialFixThresholds {
  /** Share of the original's significant tokens that may disappear before the fix counts as a deletion. */
  maxDeletionRatio: number;
  /** Below this AST similarity the "fix" is a different program, not a repair. */
  minSimilarity: number;
}

export interface TrivialFixResult {
  trivial: boolean;
  reasons: string[];
  /** Dice similarity of the two trees' (parent kind, kind, leaf text) multisets, in [0, 1]. */
  similarity: number;
  /** max(0, 1 − fixed tokens / original tokens), comments excluded. */
  deletionRatio: number;
  removedFunctions: string[];
  stubbedFunctions: string[];
}

export const DEFAULT_TRIVIAL_FIX_THRESHOLDS: TrivialFixThresholds = { maxDeletionRatio: 0.5, minSimilarity: 0.35 };

const FUNCTION_KINDS = new Set([
  'function_definition', 'function_declaration', 'generator_function_declaration', 'method_definition',
  'method_declaration', 'constructor_declaration', 'function_item', 'method', 'singleton_method',
  'arrow_function', 'function_expression', 'function',
]);
const BODY_KINDS = new Set(['block', 'compound_statement', 'statement_block', 'body_statement', 'constructor_body']);
const COMMENT_KINDS = new Set(['comment', 'line_comment', 'block_comment', 'heredoc_body']);
const NAME_KINDS = new Set(['identifier', 'field_identifier', 'property_identifier', 'name', 'word', 'qualified_identifier', 'destructor_name', 'operator_name']);

/** A single statement that means "nothing implemented here", in any of the supported languages. */
const STUB_STATEMENT = [
  /^pass;?$/,
  /^\.\.\.;?$/,
  /^return\s*;?$/,
  /^return\s+(None|null|nil|undefined|NULL|nullptr)\s*;?$/,
  /^(None|nil|null|undefined)$/,
  /^raise\s+NotImplementedError\b/,
  /^throw\s+new\s+\w*(NotImplemented|Unsupported)\w*\(/,
  /^throw\s+new\s+Error\(\s*["'`][^"'`]*not\s+implemented/i,
  /^(todo|unimplemented)!\(/,
  /^panic\(\s*"[^"]*(not\s+implemented|todo)/i,
];
const CONSTANT_RETURN = /^(return\s+)?(True|False|true|false|None|null|nil|-?\d+(\.\d+)?|"[^"]*"|'[^']*'|\[\]|\{\})\s*;?$/;

interface FunctionInfo {
  statements: string[];
  stub: boolean;
  constantReturn: boolean;
}

interface TreeSummary {
  functions: Map<string, FunctionInfo>;
  features: Map<string, number>;
  tokens: number;
}

/** The node's grammar kind as a plain string (napi types it as a per-language union). */
function kindOf(node: SgNode): string {
  return String(node.kind());
}

function nameOf(node: SgNode): string | undefined {
  const named = node.field('name' as never) as SgNode | null;
  if (named) return named.text();
  let declarator = node.field('declarator' as never) as SgNode | null;
  for (let depth = 0; declarator && depth < 6; depth += 1) {
    if (NAME_KINDS.has(kindOf(declarator))) return declarator.text();
    declarator = (declarator.field('declarator' as never) as SgNode | null) ?? declarator.namedChildren().find((c) => NAME_KINDS.has(kindOf(c))) ?? null;
  }
  const parent = node.parent();
  if (parent && (kindOf(parent) === 'variable_declarator' || kindOf(parent) === 'pair' || kindOf(parent) === 'assignment_expression')) {
    const target = (parent.field('name' as never) ?? parent.field('key' as never) ?? parent.field('left' as never)) as SgNode | null;
    if (target) return target.text();
  }
  if (kindOf(node) === 'function_definition') {
    const word = node.namedChildren().find((c) => kindOf(c) === 'word');
    if (word) return word.text();
  }
  return undefined;
}

function bodyOf(node: SgNode): SgNode | undefined {
  const body = node.field('body' as never) as SgNode | null;
  if (body) return body;
  return node.namedChildren().find((c) => BODY_KINDS.has(kindOf(c)));
}

function statementsOf(body: SgNode, language: LanguageId): string[] {
  const out: string[] = [];
  const visit = (parent: SgNode) => {
    for (const child of parent.namedChildren()) {
      if (COMMENT_KINDS.has(kindOf(child))) continue;
      if (kindOf(child) === 'statement_list') {
        visit(child);
        continue;
      }
      out.push(child.text().replace(/\s+/g, ' ').trim());
    }
  };
  if (BODY_KINDS.has(kindOf(body))) visit(body);
  else out.push(body.text().replace(/\s+/g, ' ').trim());
  // A Python docstring documents; it does not implement anything.
  if (language === 'python' && out.length > 0 && /^[rubfRUBF]*("""|'''|"|')/.test(out[0])) out.shift();
  return out;
}

function describeFunction(node: SgNode, language: LanguageId): FunctionInfo {
  const body = bodyOf(node);
  const statements = body ? statementsOf(body, language) : [];
  const only = statements.length === 1 ? statements[0] : undefined;
  return {
    statements,
    stub: body !== undefined && (statements.length === 0 || (only !== undefined && STUB_STATEMENT.some((re) => re.test(only)))),
    constantReturn: only !== undefined && CONSTANT_RETURN.test(only),
  };
}

function summarize(source: string, language: LanguageId): TreeSummary {
  const root = parseSource(source, language).root();
  const functions = new Map<string, FunctionInfo>();
  const features = new Map<string, number>();
  let tokens = 0;
  const stack: { node: SgNode; parentKind: string }[] = [{ node: root, parentKind: '' }];
  while (stack.length > 0) {
    const { node, parentKind } = stack.pop()!;
    const kind = kindOf(node);
    if (COMMENT_KINDS.has(kind)) continue;
    if (FUNCTION_KINDS.has(kind)) {
      const name = nameOf(node);
      if (name) {
        let key = name;
        for (let n = 2; functions.has(key); n += 1) key = `${name}#${n}`;
        functions.set(key, describeFunction(node, language));
      }
    }
    const children = node.children();
    const feature = children.length === 0 ? `${parentKind}>${kind}:${node.text()}` : `${parentKind}>${kind}`;
    features.set(feature, (features.get(feature) ?? 0) + 1);
    if (children.length === 0 && node.text().trim() !== '') tokens += 1;
    for (const child of children) stack.push({ node: child, parentKind: kind });
  }
  return { functions, features, tokens };
}

/** Without a grammar: lines as features, words as tokens, no function detection. */
function summarizeText(source: string): TreeSummary {
  const features = new Map<string, number>();
  for (const line of source.split('\n')) {
    const key = line.trim();
    if (key) features.set(key, (features.get(key) ?? 0) + 1);
  }
  return { functions: new Map(), features, tokens: source.split(/\s+/).filter(Boolean).length };
}

function diceSimilarity(a: Map<string, number>, b: Map<string, number>): number {
  let total = 0;
  let shared = 0;
  for (const count of a.values()) total += count;
  for (const [key, count] of b) {
    total += count;
    shared += Math.min(count, a.get(key) ?? 0);
  }
  return total === 0 ? 1 : (2 * shared) / total;
}

/** Judges whether `fixed` repairs `original` or merely deletes or stubs out what it did. */
export function checkTrivialFix(input: TrivialFixInput, thresholds: TrivialFixThresholds = DEFAULT_TRIVIAL_FIX_THRESHOLDS): TrivialFixResult {
  const original = typeof input.original === 'string' ? input.original : '';
  const fixed = typeof input.fixed === 'string' ? input.fixed : '';
  const language = normalizeLanguage(input.language);
  const reasons: string[] = [];
  if (fixed.trim() === '' && original.trim() !== '') {
    return { trivial: true, reasons: ['the fixed code is empty'], similarity: 0, deletionRatio: 1, removedFunctions: [], stubbedFunctions: [] };
  }
  const before = language ? summarize(original, language) : summarizeText(original);
  const after = language ? summarize(fixed, language) : summarizeText(fixed);
  if (!language) reasons.push(`no grammar for "${input.language}": compared lines, functions not checked`);

  const removedFunctions = [...before.functions.keys()].filter((name) => !after.functions.has(name));
  const stubbedFunctions: string[] = [];
  for (const [name, was] of before.functions) {
    const now = after.functions.get(name);
    if (!now || was.stub) continue;
    if (now.stub) stubbedFunctions.push(name);
    else if (now.constantReturn && !was.constantReturn && was.statements.length >= 2) stubbedFunctions.push(name);
  }
  const deletionRatio = before.tokens === 0 ? 0 : Math.max(0, 1 - after.tokens / before.tokens);
  const similarity = diceSimilarity(before.features, after.features);

  if (removedFunctions.length > 0) reasons.push(`removed function(s): ${removedFunctions.join(', ')}`);
  if (stubbedFunctions.length > 0) reasons.push(`body replaced by a stub or constant in: ${stubbedFunctions.join(', ')}`);
  if (deletionRatio > thresholds.maxDeletionRatio) reasons.push(`${Math.round(deletionRatio * 100)}% of the original code was deleted`);
  if (similarity < thresholds.minSimilarity) reasons.push(`AST similarity to the original is only ${similarity.toFixed(2)}`);
  const trivial = removedFunctions.length > 0 || stubbedFunctions.length > 0 || deletionRatio > thresholds.maxDeletionRatio || similarity < thresholds.minSimilarity;
  return { trivial, reasons, similarity, deletionRatio, removedFunctions, stubbedFunctions };
}
