// The syntax tree as the compiled matcher reads it (TreeNode), and its napi-backed implementation: every
// napi call crosses into Rust (~1-7 µs), so each node's kind, text, children, fields and id are fetched at
// most once per scan, and ancestors are shared between candidates through a per-file table keyed by node id.
// flat-tree.ts is the other implementation, over one array exported by the native parser.
import type { Range, SgNode } from '@ast-grep/napi';

/** One syntax node, as rule.ts and match-pattern.ts read it. */
export interface TreeNode {
  readonly kind: string;
  readonly named: boolean;
  readonly text: string;
  /** Lower-cased text, for the case-insensitive literal checks. */
  readonly lowerText: string;
  /** Whether smart matching skips the node (comments); undefined when that cannot be told (ERROR nodes). */
  readonly extra: boolean | undefined;
  /** Identity within one tree. */
  readonly id: number;
  readonly children: TreeNode[];
  readonly parent: TreeNode | null;
  /** Whether the node has no named children (ast-grep's "named leaf", compared by text). */
  readonly namedLeaf: boolean;
  /** Position among the parent's children (-1 for the root). */
  readonly position: number;
  next(): TreeNode | null;
  prev(): TreeNode | null;
  /** The first child in field `name`, as tree-sitter's child_by_field_name. */
  field(name: string): TreeNode | null;
  /** This node and its descendants of the given kinds, in pre-order. */
  descendantsOfKinds(kinds: Set<string>): TreeNode[];
}

/**
 * Whether smart matching treats a node as "extra" (comments, Python's line continuations) and skips it in
 * the target. napi cannot tell whether an ERROR node is extra, so that stays undecided; both trees decide alike.
 */
export function smartExtra(kind: string, named: boolean): boolean | undefined {
  if (kind === 'ERROR') return undefined;
  return named && (kind.includes('comment') || kind === 'line_continuation');
}

/** Where a match lies and what it says: all a Finding needs (an SgNode is one). */
export interface Located {
  range(): Range;
  text(): string;
}

const kindQueries = new WeakMap<Set<string>, object>();

/** The napi config matching any of `kinds` (a single kind without `any`: napi compiles it faster). */
export function queryFor(kinds: Iterable<string>): never {
  const list = [...kinds];
  return { rule: list.length === 1 ? { kind: list[0] } : { any: list.map((kind) => ({ kind })) } } as never;
}

/** queryFor, built once per kind set of a compiled rule. */
function kindQuery(kinds: Set<string>): never {
  let query = kindQueries.get(kinds);
  if (!query) {
    query = queryFor(kinds);
    kindQueries.set(kinds, query);
  }
  return query as never;
}

/** One scan's shared state: ancestors by node id, so walking up from many candidates reuses nodes. */
export class TreeScope {
  readonly byId = new Map<number, NapiTreeNode>();

  /** The TreeNode for a napi node reached without a known parent (an ancestor, a findAll result). */
  intern(node: SgNode): NapiTreeNode {
    const id = node.id();
    let found = this.byId.get(id);
    if (!found) {
      found = new NapiTreeNode(node, this, undefined, -1, id);
      this.byId.set(id, found);
    }
    return found;
  }
}

export class NapiTreeNode implements TreeNode {
  private kindCache?: string;
  private namedCache?: boolean;
  private textCache?: string;
  private lowerCache?: string;
  private childrenCache?: NapiTreeNode[];
  private parentCache?: NapiTreeNode | null;
  private idCache?: number;
  private fieldCache?: Map<string, NapiTreeNode | null>;

  /**
   * @param parent the parent when known (children of a cached node), saving a napi call
   * @param index position among the parent's children, so siblings and nthChild need no id look-ups
   */
  constructor(
    readonly node: SgNode,
    readonly scope: TreeScope,
    parent?: NapiTreeNode | null,
    private index = -1,
    id?: number,
  ) {
    this.parentCache = parent;
    this.idCache = id;
  }

  /** Records what a kind query already established: the node's kind, and that it is named. */
  known(kind: string): this {
    this.kindCache = kind;
    this.namedCache = true;
    return this;
  }

  get kind(): string {
    return (this.kindCache ??= this.node.kind() as string);
  }

  get named(): boolean {
    return (this.namedCache ??= this.node.isNamed());
  }

  get text(): string {
    return (this.textCache ??= this.node.text());
  }

  get extra(): boolean | undefined {
    return smartExtra(this.kind, this.named);
  }

  /** Lower-cased text, for the case-insensitive literal checks. */
  get lowerText(): string {
    return (this.lowerCache ??= this.text.toLowerCase());
  }

  get id(): number {
    return (this.idCache ??= this.node.id());
  }

  get children(): NapiTreeNode[] {
    return (this.childrenCache ??= this.node.children().map((c, i) => new NapiTreeNode(c, this.scope, this, i)));
  }

  get parent(): NapiTreeNode | null {
    if (this.parentCache === undefined) {
      const p = this.node.parent();
      this.parentCache = p ? this.scope.intern(p) : null;
    }
    return this.parentCache;
  }

  /** Whether the node has no named children (ast-grep's "named leaf", compared by text). */
  get namedLeaf(): boolean {
    return this.children.every((c) => !c.named);
  }

  /** Position among the parent's children (-1 for the root). */
  get position(): number {
    if (this.index < 0) {
      const parent = this.parent;
      if (!parent) return -1;
      this.index = parent.children.findIndex((s) => s.id === this.id);
    }
    return this.index;
  }

  /** Next sibling (named or not), as ast-grep's `next()`. */
  next(): NapiTreeNode | null {
    const at = this.position;
    return at < 0 ? null : (this.parent!.children[at + 1] ?? null);
  }

  prev(): NapiTreeNode | null {
    const at = this.position;
    return at <= 0 ? null : this.parent!.children[at - 1];
  }

  /** The first child in field `name`, as tree-sitter's child_by_field_name. */
  field(name: string): NapiTreeNode | null {
    this.fieldCache ??= new Map();
    let found = this.fieldCache.get(name);
    if (found === undefined) {
      const child = this.node.field(name as never) as SgNode | null;
      found = child ? new NapiTreeNode(child, this.scope, this) : null;
      this.fieldCache.set(name, found);
    }
    return found;
  }

  /** This node and its descendants of the given kinds, in pre-order, from one napi kind query. */
  descendantsOfKinds(kinds: Set<string>): NapiTreeNode[] {
    return this.node.findAll(kindQuery(kinds)).map((n) => new NapiTreeNode(n, this.scope));
  }
}
