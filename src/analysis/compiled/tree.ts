// Cached access to ast-grep's napi tree for the compiled matcher: every napi call crosses into Rust
// (~1 µs), so each node's kind, text, children and id are fetched at most once per scan.
import type { SgNode } from '@ast-grep/napi';

export class TreeNode {
  private kindCache?: string;
  private namedCache?: boolean;
  private textCache?: string;
  private childrenCache?: TreeNode[];
  private parentCache?: TreeNode | null;
  private idCache?: number;

  constructor(
    readonly node: SgNode,
    parent?: TreeNode | null,
  ) {
    this.parentCache = parent;
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

  get id(): number {
    return (this.idCache ??= this.node.id());
  }

  get children(): TreeNode[] {
    return (this.childrenCache ??= this.node.children().map((c) => new TreeNode(c, this)));
  }

  get parent(): TreeNode | null {
    if (this.parentCache === undefined) {
      const p = this.node.parent();
      this.parentCache = p ? new TreeNode(p) : null;
    }
    return this.parentCache;
  }

  /** Whether the node has no named children (ast-grep's "named leaf", compared by text). */
  get namedLeaf(): boolean {
    return this.children.every((c) => !c.named);
  }

  /** Next sibling (named or not), as ast-grep's `next()`. */
  next(): TreeNode | null {
    const parent = this.parent;
    if (!parent) return null;
    const siblings = parent.children;
    const at = siblings.findIndex((s) => s.id === this.id);
    return at >= 0 && at + 1 < siblings.length ? siblings[at + 1] : null;
  }

  prev(): TreeNode | null {
    const parent = this.parent;
    if (!parent) return null;
    const siblings = parent.children;
    const at = siblings.findIndex((s) => s.id === this.id);
    return at > 0 ? siblings[at - 1] : null;
  }

  /** The first child in field `name`, as tree-sitter's child_by_field_name. */
  field(name: string): TreeNode | null {
    const child = this.node.field(name as never) as SgNode | null;
    if (!child) return null;
    const id = child.id();
    return this.children.find((c) => c.id === id) ?? new TreeNode(child, this);
  }

  /** Pre-order descendants including this node, as ast-grep's dfs(). */
  *dfs(): Generator<TreeNode> {
    yield this;
    for (const child of this.children) yield* child.dfs();
  }
}
