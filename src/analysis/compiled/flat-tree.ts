// The syntax tree exported whole by the native parser (native/flat-tree): one Int32Array of node records in
// pre-order. Reading it needs no call into native code, where napi's tree costs a call per node access and a
// full walk per kind query. The grammars are napi's own shared libraries, but the runtime is tree-sitter 0.25
// (the newest whose C sources npm carries) where napi links 0.27: error recovery, and C++'s ambiguity
// resolution, can differ. So each language uses the flat tree only as far as it was verified node for node
// against napi (FLAT_TREE_USE; bench/flat-tree-diff.ts, test/analysis/flat-tree.test.ts).
import type { Range } from '@ast-grep/napi';
import { grammarLibrary, type LanguageId } from '../languages.js';
import { nativeAddon } from '../native.js';
import { smartExtra, type Located, type TreeNode } from './tree.js';

// Record layout, as flat_tree.c writes it.
const SYMBOL = 0;
const FLAGS = 1;
const PARENT = 2;
const FIELD = 3;
const START = 4;
const END = 5;
const START_ROW = 6;
const START_COL = 7;
const END_ROW = 8;
const END_COL = 9;
const NEXT = 10;
const CHILD_COUNT = 11;
const WIDTH = 12;
const NAMED = 1;
/** tree-sitter's ts_builtin_sym_error: the symbol of ERROR nodes, outside the grammar's own table. */
const ERROR_SYMBOL = 65535;

/**
 * Where a language may read the flat tree instead of napi's: `always` (identical on every fixture and corpus
 * file), `clean` (identical whenever the parse has no error; broken files differ in error recovery) or `never`.
 * Measured by bench/flat-tree-diff.ts over 4,663 files: Python, Go, PHP, Ruby, C#, Rust and Bash identical;
 * C 6 and Java 1 differing files, all with syntax errors; C++ 11, two of them without errors.
 */
export const FLAT_TREE_USE: Partial<Record<LanguageId, 'always' | 'clean'>> = {
  python: 'always',
  go: 'always',
  php: 'always',
  ruby: 'always',
  csharp: 'always',
  rust: 'always',
  bash: 'always',
  c: 'clean',
  java: 'clean',
};

interface Grammar {
  handle: object;
  kinds: string[];
  fieldIds: Map<string, number>;
}

const grammars = new Map<LanguageId, Grammar | null>();

/** The native grammar of a language: null without the addon or for napi's built-in languages (JS, TS). */
function grammarFor(language: LanguageId): Grammar | null {
  let grammar = grammars.get(language);
  if (grammar === undefined) {
    const native = nativeAddon();
    const library = grammarLibrary(language);
    grammar = null;
    if (native && library) {
      try {
        const handle = native.load(library.libraryPath, library.languageSymbol);
        const { kinds, fields } = native.names(handle);
        grammar = { handle, kinds, fieldIds: new Map(fields.map((name, id) => [name, id] as [string, number]).filter(([, id]) => id > 0)) };
      } catch {
        // A grammar the addon cannot load (ABI mismatch, missing library): napi's tree serves instead.
        grammar = null;
      }
    }
    grammars.set(language, grammar);
  }
  return grammar;
}

/** Whether parseFlat can parse this language. */
export function hasFlatTree(language: LanguageId): boolean {
  return grammarFor(language) !== null;
}

/** Parses source into a FlatTree, or null when the language has no native grammar or tree-sitter gave up. */
export function parseFlat(source: string, language: LanguageId): FlatTree | null {
  const grammar = grammarFor(language);
  if (!grammar) return null;
  const parsed = nativeAddon()!.parse(grammar.handle, source);
  return parsed ? new FlatTree(source, parsed.nodes, grammar, parsed.hasError) : null;
}

/** The flat tree where it may stand in for napi's (FLAT_TREE_USE), else null: the caller reads napi's tree. */
export function flatTreeFor(source: string, language: LanguageId): FlatTree | null {
  const use = FLAT_TREE_USE[language];
  if (!use) return null;
  const tree = parseFlat(source, language);
  return tree && (use === 'always' || !tree.parseErrors) ? tree : null;
}

export class FlatTree {
  readonly count: number;
  /** FlatNodes made so far, by index; sized up front (writing far past the end of [] turns it into a slow dictionary). */
  private readonly cache: (FlatNode | undefined)[];
  private errors?: boolean;

  /**
   * @param parseErrors whether the parse recovered from any error (ERROR or MISSING nodes, tree-sitter's
   *   ts_node_has_error), where the two runtimes may disagree
   */
  constructor(
    readonly source: string,
    readonly nodes: Int32Array,
    private readonly grammar: Grammar,
    readonly parseErrors = false,
  ) {
    this.count = nodes.length / WIDTH;
    this.cache = new Array<FlatNode | undefined>(this.count);
  }

  node(index: number): FlatNode {
    return (this.cache[index] ??= new FlatNode(this, index));
  }

  get root(): FlatNode {
    return this.node(0);
  }

  kindOf(index: number): string {
    const symbol = this.nodes[index * WIDTH + SYMBOL];
    return symbol === ERROR_SYMBOL ? 'ERROR' : this.grammar.kinds[symbol];
  }

  fieldId(name: string): number | undefined {
    return this.grammar.fieldIds.get(name);
  }

  /** Whether a node below the root is ERROR: what napi's `root.has(ERROR)` answers (MISSING nodes do not count). */
  get hasErrors(): boolean {
    if (this.errors === undefined) {
      this.errors = false;
      for (let i = 1; i < this.count; i++) {
        if (this.nodes[i * WIDTH + SYMBOL] === ERROR_SYMBOL) {
          this.errors = true;
          break;
        }
      }
    }
    return this.errors;
  }

  /** Nodes of the given kinds in [from, to), in pre-order (napi's findAll order). */
  ofKinds(kinds: Set<string>, from = 0, to = this.count): FlatNode[] {
    const found: FlatNode[] = [];
    for (let i = from; i < to; i++) if (kinds.has(this.kindOf(i))) found.push(this.node(i));
    return found;
  }

  /** One past the last descendant of a node: descendants are contiguous in pre-order. */
  subtreeEnd(index: number): number {
    let at = index;
    while (at >= 0) {
      const next = this.nodes[at * WIDTH + NEXT];
      if (next >= 0) return next;
      at = this.nodes[at * WIDTH + PARENT];
    }
    return this.count;
  }

  read(index: number, column: number): number {
    return this.nodes[index * WIDTH + column];
  }
}

export class FlatNode implements TreeNode {
  private textCache?: string;
  private lowerCache?: string;
  private childrenCache?: FlatNode[];
  private positionCache?: number;

  constructor(
    private readonly tree: FlatTree,
    readonly id: number,
  ) {}

  get kind(): string {
    return this.tree.kindOf(this.id);
  }

  get named(): boolean {
    return (this.tree.read(this.id, FLAGS) & NAMED) !== 0;
  }

  get text(): string {
    return (this.textCache ??= this.tree.source.slice(this.tree.read(this.id, START), this.tree.read(this.id, END)));
  }

  get lowerText(): string {
    return (this.lowerCache ??= this.text.toLowerCase());
  }

  get extra(): boolean | undefined {
    return smartExtra(this.kind, this.named);
  }

  get children(): FlatNode[] {
    if (!this.childrenCache) {
      const children: FlatNode[] = [];
      let child = this.tree.read(this.id, CHILD_COUNT) > 0 ? this.id + 1 : -1;
      while (child >= 0) {
        children.push(this.tree.node(child));
        child = this.tree.read(child, NEXT);
      }
      this.childrenCache = children;
    }
    return this.childrenCache;
  }

  get parent(): FlatNode | null {
    const parent = this.tree.read(this.id, PARENT);
    return parent < 0 ? null : this.tree.node(parent);
  }

  get namedLeaf(): boolean {
    return this.children.every((c) => !c.named);
  }

  get position(): number {
    return (this.positionCache ??= this.parent ? this.parent.children.indexOf(this) : -1);
  }

  next(): FlatNode | null {
    const next = this.tree.read(this.id, NEXT);
    return next < 0 ? null : this.tree.node(next);
  }

  prev(): FlatNode | null {
    const at = this.position;
    return at <= 0 ? null : this.parent!.children[at - 1];
  }

  field(name: string): FlatNode | null {
    const id = this.tree.fieldId(name);
    if (id === undefined) return null;
    return this.children.find((c) => this.tree.read(c.id, FIELD) === id) ?? null;
  }

  descendantsOfKinds(kinds: Set<string>): FlatNode[] {
    return this.tree.ofKinds(kinds, this.id, this.tree.subtreeEnd(this.id));
  }

  /** The node as a match result: its range and text, fixed now. */
  located(): Located {
    const range = this.range();
    const text = this.text;
    return { range: () => range, text: () => text };
  }

  range(): Range {
    const t = this.tree;
    return {
      start: { line: t.read(this.id, START_ROW), column: t.read(this.id, START_COL), index: t.read(this.id, START) },
      end: { line: t.read(this.id, END_ROW), column: t.read(this.id, END_COL), index: t.read(this.id, END) },
    };
  }
}
