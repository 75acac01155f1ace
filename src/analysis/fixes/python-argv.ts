// Turns a shell command string built from words (f-string, `+` or `%` with each value a whole word)
// into a subprocess argument list, so no shell parses the values. Anything shell-like is refused.
import type { SgNode } from '@ast-grep/napi';
import type { Fixer } from './fixer.js';

/** Literal command text must be plain words: any of these would mean something to /bin/sh. */
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]#~={}!]/;
const QUOTE_CALL = /^(?:shlex\.|pipes\.)?quote\(([\s\S]+)\)$/;

type Part = { text: string } | { value: string };

function literalBody(node: SgNode): string | null {
  const match = /^(['"])([^'"\\\n]*)\1$/.exec(node.text());
  return node.kind() === 'string' && match ? match[2] : null;
}

function fStringParts(node: SgNode): Part[] | null {
  const parts: Part[] = [];
  for (const child of node.children()) {
    const kind = child.kind();
    if (kind === 'string_start') {
      if (!/^[fF]['"]$/.test(child.text())) return null;
    } else if (kind === 'string_content') {
      parts.push({ text: child.text() });
    } else if (kind === 'interpolation') {
      const inner = child.children().filter((c) => c.kind() !== '{' && c.kind() !== '}');
      if (inner.length !== 1) return null;
      parts.push({ value: inner[0].text() });
    } else if (kind !== 'string_end') {
      return null;
    }
  }
  return parts;
}

function concatParts(node: SgNode): Part[] | null {
  if (node.kind() === 'binary_operator') {
    const [left, op, right] = node.children();
    if (op?.text() !== '+') return null;
    const a = concatParts(left);
    const b = concatParts(right);
    return a && b ? [...a, ...b] : null;
  }
  const body = literalBody(node);
  return body !== null ? [{ text: body }] : [{ value: node.text() }];
}

function percentParts(node: SgNode): Part[] | null {
  const [left, op, right] = node.children();
  const body = left ? literalBody(left) : null;
  if (body === null || op?.text() !== '%' || !right) return null;
  const values = right.kind() === 'tuple' ? right.children().filter((c) => c.isNamed()).map((c) => c.text()) : [right.text()];
  const texts = body.split('%s');
  if (texts.length - 1 !== values.length || texts.some((t) => t.includes('%'))) return null;
  return texts.flatMap((text, i): Part[] => (i < values.length ? [{ text }, { value: values[i] }] : [{ text }]));
}

/** Words of the command, or null unless every value stands alone between spaces. */
function argvOf(parts: Part[]): string[] | null {
  const words: string[] = [];
  let glued = false; // the previous literal did not end in a space, so a value would join a word
  for (const part of parts) {
    if ('text' in part) {
      if (SHELL_SYNTAX.test(part.text)) return null;
      if (part.text === '') continue;
      if (words.length > 0 && !glued && !/^\s/.test(part.text) && words[words.length - 1].startsWith('str(')) return null;
      const tokens = part.text.split(/\s+/).filter(Boolean);
      words.push(...tokens.map((t) => `'${t}'`));
      glued = !/\s$/.test(part.text);
    } else {
      if (glued && words.length > 0) return null;
      const quoted = QUOTE_CALL.exec(part.value);
      words.push(`str(${quoted ? quoted[1] : part.value})`);
      glued = false;
    }
  }
  return words.length > 0 ? words : null;
}

function commandParts(cmd: SgNode): Part[] | null {
  if (cmd.kind() === 'string') return fStringParts(cmd);
  if (cmd.kind() === 'binary_operator') {
    const op = cmd.children()[1]?.text();
    return op === '%' ? percentParts(cmd) : concatParts(cmd);
  }
  return null;
}

/** `subprocess.run(f"git clone {url}", shell=True)` → `subprocess.run(['git', 'clone', str(url)])`; `os.system(...)` → `subprocess.call([...])`. */
export const shellCommandToArgv: Fixer = ({ node }) => {
  const cmd = node.getMatch('CMD');
  const parts = cmd ? commandParts(cmd) : null;
  const argv = parts ? argvOf(parts) : null;
  if (!cmd || !argv) return null;
  const list = `[${argv.join(', ')}]`;
  const callee = node.field('function')?.text() ?? '';
  if (callee === 'os.system' || callee === 'system') return `subprocess.call(${list})`;
  if (!/^(subprocess\.)?(call|check_call|check_output|run|Popen)$/.test(callee)) return null;
  const args = (node.field('arguments')?.children() ?? []).filter((c) => c.isNamed() && c.kind() !== 'comment');
  if (args[0]?.text() !== cmd.text()) return null;
  const kept = args.slice(1).filter((a) => !/^shell\s*=/.test(a.text())).map((a) => a.text());
  return `${callee}(${[list, ...kept].join(', ')})`;
};
