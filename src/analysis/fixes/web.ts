// Programmatic fixers for JavaScript and TypeScript rules (keyed by the name a rule gives in `fixer:`).
// Each rewrite handles only the plain shapes it can prove safe and returns null for anything else.
import type { SgNode } from '@ast-grep/napi';
import { replaceMetavar, type Fixer } from './fixer.js';
import { bindPlaceholders, type SqlSegment } from './sql-placeholders.js';

/** One piece of a string built with + or a template literal: literal text or an interpolated expression. */
type Segment = SqlSegment;

/** Raw text of a plain string literal (no escapes), or null. */
function plainStringContent(node: SgNode): string | null {
  if (node.kind() !== 'string') return null;
  const text = node.text();
  const body = text.slice(1, -1);
  return body.includes('\\') ? null : body;
}

/**
 * Flattens `'a ' + x + 'b'` or `` `a ${x}b` `` into literal and expression segments, or null when the
 * expression is something else (other operators, escapes, nested templates).
 */
export function stringSegments(node: SgNode): Segment[] | null {
  const kind = node.kind();
  if (kind === 'string') {
    const body = plainStringContent(node);
    return body === null ? null : [{ literal: body }];
  }
  if (kind === 'template_string') {
    const segments: Segment[] = [];
    for (const child of node.children()) {
      const k = child.kind();
      if (k === '`') continue;
      if (k === 'string_fragment') {
        if (child.text().includes('\\')) return null;
        segments.push({ literal: child.text() });
      } else if (k === 'template_substitution') {
        const inner = child.children().filter((c) => c.kind() !== '${' && c.kind() !== '}');
        if (inner.length !== 1) return null;
        segments.push({ expr: inner[0].text() });
      } else if (k === 'escape_sequence') {
        return null;
      } else {
        return null;
      }
    }
    return segments;
  }
  if (kind === 'binary_expression') {
    const op = node.field('operator')?.text() ?? node.children()[1]?.text();
    if (op !== '+') return null;
    const left = node.field('left');
    const right = node.field('right');
    if (!left || !right) return null;
    const l = left.kind() === 'binary_expression' || left.kind() === 'string' || left.kind() === 'template_string' ? stringSegments(left) : [{ expr: left.text() }];
    const r = right.kind() === 'string' || right.kind() === 'template_string' ? stringSegments(right) : right.kind() === 'binary_expression' ? null : [{ expr: right.text() }];
    if (!l || !r) return null;
    return [...l, ...r];
  }
  return null;
}

/** Arguments of a call node, without punctuation. */
function callArguments(call: SgNode): SgNode[] {
  const args = call.field('arguments');
  if (!args) return [];
  return args.children().filter((c) => !['(', ')', ',', 'comment'].includes(String(c.kind())));
}

/** Characters the shell gives meaning to; a literal containing one cannot become a plain argv word. */
const SHELL_META = /[|&;<>()$`\\"'*?[\]#~={}!\n]/;

/** `cp.exec('prog a ' + x, opts, cb)` → `cp.execFile('prog', ['a', x], opts, cb)` when every value is a whole word. */
const execToExecFile: Fixer = ({ node, source }) => {
  const callee = node.field('function');
  if (!callee || callee.kind() !== 'member_expression') return null;
  const method = callee.field('property')?.text();
  const target = method === 'exec' ? 'execFile' : method === 'execSync' ? 'execFileSync' : null;
  if (!target) return null;
  const [command, ...rest] = callArguments(node);
  if (!command) return null;
  const segments = stringSegments(command);
  if (!segments) return null;
  const words: string[] = [];
  let current: string[] = [];
  let currentIsOpen = false;
  const flush = () => {
    if (current.length) words.push(current.join(''));
    current = [];
    currentIsOpen = false;
  };
  for (const segment of segments) {
    if ('literal' in segment) {
      if (SHELL_META.test(segment.literal)) return null;
      const parts = segment.literal.split(/(\s+)/);
      for (const part of parts) {
        if (part === '') continue;
        if (/^\s+$/.test(part)) flush();
        else {
          if (currentIsOpen) return null; // literal glued to an expression: not a whole word
          current.push(JSON.stringify(part).replace(/^"|"$/g, "'"));
        }
      }
    } else {
      if (current.length) return null; // expression glued to literal text
      current.push(segment.expr);
      currentIsOpen = true;
    }
  }
  flush();
  if (words.length === 0 || !words[0].startsWith("'")) return null;
  const [program, ...args] = words;
  const object = callee.field('object')!.text();
  const restText = rest.length ? `, ${source.slice(rest[0].range().start.index, rest[rest.length - 1].range().end.index)}` : '';
  return `${object}.${target}(${program}, [${args.join(', ')}]${restText})`;
};

/** Placeholder style: PostgreSQL numbers them ($1), mysql/sqlite use ?. */
function usesPostgres(source: string): boolean {
  return /require\(\s*['"](pg|postgres|pg-promise)['"]\s*\)|from\s+['"](pg|postgres|pg-promise)['"]|\$\d+\b/.test(source);
}

const VALUE_CONTEXT = /(=|<>|!=|<|>|\blike|\bin\s*\(|\(|,|\blimit|\boffset|\bvalues\s*\()\s*$/i;

/** `db.query("... = '" + x + "'", cb)` → `db.query("... = ?", [x], cb)` for values in value positions. */
const sqlPlaceholders: Fixer = ({ node, source }) => {
  const [sql, ...rest] = callArguments(node);
  if (!sql) return null;
  if (rest.length > 0 && !['function', 'function_expression', 'arrow_function'].includes(String(rest[0].kind()))) return null;
  const segments = stringSegments(sql);
  if (!segments) return null;
  const bound = bindPlaceholders(segments, { valueContext: VALUE_CONTEXT, numbered: usesPostgres(source) });
  if (!bound) return null;
  const { sql: text, values: params } = bound;
  const quote = sql.kind() === 'template_string' ? '`' : sql.text()[0];
  const chosen = [quote, "'", '"', '`'].find((q) => !text.includes(q) && !(q === '`' && text.includes('${')));
  if (!chosen) return null;
  const callee = node.field('function')!.text();
  const restText = rest.length ? `, ${source.slice(rest[0].range().start.index, rest[rest.length - 1].range().end.index)}` : '';
  const typeArgs = node.field('type_arguments')?.text() ?? '';
  return `${callee}${typeArgs}(${chosen}${text}${chosen}, [${params.join(', ')}]${restText})`;
};

/** Clears the world-writable bit of a numeric file mode literal (0o777 → 0o775, 0666 → 0664, '777' → '775'). */
export function withoutWorldWrite(literal: string): string | null {
  const match = /^(['"]?)(0o|0O|0)?([0-7]{3,4})(['"]?)$/.exec(literal);
  if (!match) {
    if (/^\d+$/.test(literal)) {
      const value = Number(literal);
      if (value > 0o7777) return null;
      return String(value & ~0o002);
    }
    return null;
  }
  const digits = match[3];
  const last = Number(digits[digits.length - 1]) & ~0o2;
  return `${match[1]}${match[2] ?? ''}${digits.slice(0, -1)}${last}${match[4]}`;
}

/** Rewrites the mode argument ($MODE) of a chmod/mkdir/writeFile call. */
const fileModeNoWorldWrite: Fixer = ({ node }) => {
  if (node.kind() === 'pair') {
    const value = node.field('value');
    const replaced = value ? withoutWorldWrite(value.text()) : null;
    if (!value || replaced === null) return null;
    return `${node.text().slice(0, value.range().start.index - node.range().start.index)}${replaced}`;
  }
  return replaceMetavar(node, 'MODE', withoutWorldWrite);
};

/** `createHash('md5')` → `createHash('sha256')`, keeping the quote style. */
const weakHashToSha256: Fixer = ({ node }) => replaceMetavar(node, 'ALG', (alg) => `${alg[0]}sha256${alg[alg.length - 1]}`);

/** `Buffer.allocUnsafe(n)` → `Buffer.alloc(n)`: same size, zero-filled. */
const allocUnsafeToAlloc: Fixer = ({ node }) => {
  const text = node.text();
  return /\.allocUnsafe(Slow)?\(/.test(text) ? text.replace(/\.allocUnsafe(Slow)?\(/, '.alloc(') : null;
};

/** `new Buffer(str[, enc])` → `Buffer.from(...)`, `new Buffer(1024)` → `Buffer.alloc(1024)`; unknown types are left alone. */
const newBufferToFrom: Fixer = ({ node }) => {
  const args = callArguments(node);
  const isData = (n: SgNode) => ['string', 'template_string', 'array'].includes(String(n.kind()));
  const argText = args.map((a) => a.text()).join(', ');
  if (args.length === 2 && args[1].kind() === 'string') return `Buffer.from(${argText})`;
  if (args.length === 1 && isData(args[0])) return `Buffer.from(${argText})`;
  if (args.length === 1 && args[0].kind() === 'number') return `Buffer.alloc(${argText})`;
  return null;
};

/** `rejectUnauthorized: false` → `true`; `NODE_TLS_REJECT_UNAUTHORIZED = '0'` → `'1'`. */
const tlsVerificationOn: Fixer = ({ node }) => {
  if (node.kind() === 'pair') {
    const value = node.field('value');
    if (value?.kind() !== 'false') return null;
    return `${node.text().slice(0, value.range().start.index - node.range().start.index)}true`;
  }
  return replaceMetavar(node, 'V', (v) => v.replace('0', '1'));
};

/** `noent: true` → `noent: false` (turns a dangerous parser option back off). */
const pairTrueToFalse: Fixer = ({ node }) => {
  const value = node.field('value');
  if (node.kind() !== 'pair' || value?.kind() !== 'true') return null;
  return `${node.text().slice(0, value.range().start.index - node.range().start.index)}false`;
};

/** `modulusLength: 1024` → `modulusLength: 2048` (same call, stronger key). */
const keySize2048: Fixer = ({ node }) => {
  const value = node.field('value');
  if (node.kind() !== 'pair' || value?.kind() !== 'number' || Number(value.text()) >= 2048) return null;
  return `${node.text().slice(0, value.range().start.index - node.range().start.index)}2048`;
};

export const webFixers: Record<string, Fixer> = {
  'js-key-size-2048': keySize2048,
  'js-option-off': pairTrueToFalse,
  'js-tls-verification-on': tlsVerificationOn,
  'js-new-buffer-to-from': newBufferToFrom,
  'js-weak-hash-sha256': weakHashToSha256,
  'js-alloc-unsafe-to-alloc': allocUnsafeToAlloc,
  'js-exec-to-execfile': execToExecFile,
  'js-sql-placeholders': sqlPlaceholders,
  'js-file-mode-no-world-write': fileModeNoWorldWrite,
};
