// Compiles an ast-grep pattern string once into a pattern tree (metavariables, terminals, internal nodes),
// following ast-grep's own construction: expando substitution, effective root by single-child descent,
// MISSING nodes dropped. Patterns are parsed with napi so kinds and shapes are ast-grep's exactly.
import { createRequire } from 'node:module';
import { parse, type SgNode } from '@ast-grep/napi';
import { astGrepLanguage, ensureLanguagesRegistered, type LanguageId } from '../languages.js';

const require = createRequire(import.meta.url);

export type MetaVar =
  | { type: 'capture'; name: string; named: boolean }
  | { type: 'dropped'; named: boolean }
  | { type: 'ellipsis' }
  | { type: 'ellipsisCapture'; name: string };

export type PatternNode =
  | { type: 'metavar'; metaVar: MetaVar }
  | { type: 'terminal'; kind: string; named: boolean; text: string }
  | { type: 'internal'; kind: string; children: PatternNode[] };

export interface CompiledPattern {
  node: PatternNode;
  /** The kind a contextual pattern's selector fixes, checked before matching. */
  rootKind?: string;
}

export class PatternCompileError extends Error {}

const EXPANDO_PACKAGES: Partial<Record<LanguageId, string>> = {
  python: '@ast-grep/lang-python', c: '@ast-grep/lang-c', cpp: '@ast-grep/lang-cpp', java: '@ast-grep/lang-java',
  go: '@ast-grep/lang-go', php: '@ast-grep/lang-php', ruby: '@ast-grep/lang-ruby', csharp: '@ast-grep/lang-csharp',
  rust: '@ast-grep/lang-rust', bash: '@ast-grep/lang-bash',
};

/** The character a language's patterns use in place of `$` (napi replaces every `$` with it). */
function expandoChar(language: LanguageId): string {
  const pkg = EXPANDO_PACKAGES[language];
  if (!pkg) return '$';
  return (require(pkg) as { expandoChar?: string }).expandoChar ?? '$';
}

const FIRST = /^[A-Z_]/;
const REST = /^[A-Z0-9_]*$/;

/** ast-grep's extract_meta_var: `$$$`, `$$$NAME`, `$NAME`, `$$NAME` (also unnamed nodes), `$_`. */
function extractMetaVar(text: string, sigil: string): MetaVar | null {
  const ellipsis = sigil.repeat(3);
  if (text === ellipsis) return { type: 'ellipsis' };
  if (text.startsWith(ellipsis)) {
    const name = text.slice(ellipsis.length);
    if (!REST.test(name)) return null;
    return name.startsWith('_') ? { type: 'ellipsis' } : { type: 'ellipsisCapture', name };
  }
  if (!text.startsWith(sigil)) return null;
  let name = text.slice(sigil.length);
  let named = true;
  if (name.startsWith(sigil)) {
    name = name.slice(sigil.length);
    named = false;
  }
  if (!FIRST.test(name) || !REST.test(name)) return null;
  return name.startsWith('_') ? { type: 'dropped', named } : { type: 'capture', name, named };
}

/** Zero-width leaves are the MISSING tokens tree-sitter inserts; ast-grep leaves them out of patterns. */
function isMissing(node: SgNode): boolean {
  if (!node.isLeaf()) return false;
  const range = node.range();
  return range.start.index === range.end.index;
}

function convert(node: SgNode, sigil: string): PatternNode {
  const metaVar = extractMetaVar(node.text(), sigil);
  if (metaVar) return { type: 'metavar', metaVar };
  if (node.isLeaf()) return { type: 'terminal', kind: node.kind() as string, named: node.isNamed(), text: node.text() };
  const children = node.children().filter((c) => !isMissing(c)).map((c) => convert(c, sigil));
  return { type: 'internal', kind: node.kind() as string, children };
}

function isSingleNode(node: SgNode): boolean {
  const children = node.children();
  if (children.length === 1) return true;
  return children.length === 2 && (isMissing(children[1]) || children[1].kind() === '');
}

function parsePattern(source: string, language: LanguageId): SgNode {
  ensureLanguagesRegistered();
  const sigil = expandoChar(language);
  const processed = sigil === '$' ? source : source.replaceAll('$', sigil);
  return parse(astGrepLanguage(language) as never, processed).root();
}

/** Compiles `pattern` (a string, or `{context, selector}`) as ast-grep does. */
export function compilePattern(pattern: unknown, language: LanguageId): CompiledPattern {
  const sigil = expandoChar(language);
  if (typeof pattern === 'string') {
    let node = parsePattern(pattern, language);
    if (node.children().length === 0) throw new PatternCompileError(`pattern "${pattern}" has no content`);
    if (!isSingleNode(node)) throw new PatternCompileError(`pattern "${pattern}" has several nodes`);
    while (isSingleNode(node)) node = node.children()[0];
    return { node: convert(node, sigil) };
  }
  const p = pattern as { context?: unknown; selector?: unknown; strictness?: unknown };
  if (!p || typeof p.context !== 'string' || typeof p.selector !== 'string' || p.strictness !== undefined) {
    throw new PatternCompileError('only string patterns and {context, selector} objects are compiled');
  }
  const root = parsePattern(p.context, language);
  const selector = p.selector;
  const found = root.kind() === selector ? root : root.find({ rule: { kind: selector } } as never);
  if (!found) throw new PatternCompileError(`selector ${selector} matches nothing in "${p.context}"`);
  return { node: convert(found, sigil), rootKind: selector };
}

/**
 * The kind a pattern's match must have, or null when it cannot be listed by a named-kind query (a bare
 * metavariable, or an anonymous token such as an operator as the whole pattern).
 */
export function patternKind(pattern: CompiledPattern): string | null {
  if (pattern.rootKind) return pattern.rootKind;
  if (pattern.node.type === 'metavar' || (pattern.node.type === 'terminal' && !pattern.node.named)) return null;
  return pattern.node.kind;
}

/** Texts of the named terminals: every match's text contains each of them. */
export function patternTokens(node: PatternNode, out: Set<string> = new Set()): Set<string> {
  if (node.type === 'terminal' && node.named && node.text.length > 0) out.add(node.text);
  if (node.type === 'internal') for (const child of node.children) patternTokens(child, out);
  return out;
}

/** Names of the single metavariables a pattern captures: every match binds each of them. */
export function patternCaptures(node: PatternNode, out: Set<string> = new Set()): Set<string> {
  if (node.type === 'metavar' && node.metaVar.type === 'capture') out.add(node.metaVar.name);
  if (node.type === 'internal') for (const child of node.children) patternCaptures(child, out);
  return out;
}
