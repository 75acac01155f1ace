// Programmatic fixers for C, C++, C# and Rust rules (keyed by the name a rule gives in `fixer:`).
// C fixes bound a copy by `sizeof dst`, so they only apply when dst is a local array with a known size.
import type { SgNode } from '@ast-grep/napi';
import type { Fixer } from './fixer.js';

/** A named child by grammar field; the dynamic languages have no generated field types. */
function field(node: SgNode, name: string): SgNode | null {
  return (node as unknown as { field(name: string): SgNode | null }).field(name);
}

/** The size expression of `name` when it is declared exactly once as a sized array (not a parameter). */
function localArraySize(node: SgNode, name: string): string | null {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return null;
  const declarations = node.getRoot().root().findAll({
    rule: {
      kind: 'array_declarator',
      inside: { any: [{ kind: 'declaration' }, { kind: 'init_declarator' }], stopBy: 'end' },
      not: { inside: { kind: 'parameter_declaration', stopBy: 'end' } },
      has: { field: 'declarator', kind: 'identifier', regex: `^${name}$` },
    },
  } as never);
  // Exactly one declaration so shadowing cannot make `sizeof` refer to another object; it must have a size.
  if (declarations.length !== 1) return null;
  return field(declarations[0], 'size')?.text() ?? null;
}

function isSizedLocalArray(node: SgNode, name: string): boolean {
  return localArraySize(node, name) !== null;
}

/** True when the call's value is discarded, so replacing it with a call that returns something else is safe. */
function isStatementCall(node: SgNode): boolean {
  return node.parent()?.kind() === 'expression_statement';
}

function argumentTexts(node: SgNode): string[] | null {
  const args = field(node, 'arguments');
  if (!args) return null;
  return args.children().filter((c) => c.isNamed() && c.kind() !== 'comment').map((c) => c.text());
}

/** Builds a fixer for `fn(dst, ...)` calls that rewrites them when dst is a sized local array. */
function boundedRewrite(arity: number | null, rewrite: (args: string[]) => string | null): Fixer {
  return ({ node }) => {
    if (!isStatementCall(node)) return null;
    const args = argumentTexts(node);
    if (!args || args.length === 0 || (arity !== null && args.length !== arity)) return null;
    if (!isSizedLocalArray(node, args[0])) return null;
    return rewrite(args);
  };
}

/**
 * gets(buf) -> fgets(buf, sizeof buf, stdin) with gets' own behaviour kept: the newline is stripped and
 * the value is buf or NULL. As a statement it becomes `if (fgets(...)) buf[strcspn(buf, "\n")] = '\0'`.
 */
const getsToFgets: Fixer = ({ node }) => {
  const args = argumentTexts(node);
  if (!args || args.length !== 1 || !isSizedLocalArray(node, args[0])) return null;
  const [b] = args;
  const read = `fgets(${b}, sizeof ${b}, stdin)`;
  const strip = `${b}[strcspn(${b}, "\\n")] = '\\0'`;
  return isStatementCall(node) ? `if (${read}) ${strip}` : `(${read} ? (${strip}, ${b}) : NULL)`;
};

/** `scanf("%s", buf)` with a single conversion into `char buf[N]` gets the width N - 1. */
const scanfWidth: Fixer = ({ node }) => {
  const fmt = node.getMatch('FMT');
  const args = argumentTexts(node);
  if (!fmt || !args) return null;
  const conversions = fmt.text().match(/%[^%]/g) ?? [];
  const target = args[args.length - 1];
  if (conversions.length !== 1 || args.indexOf(fmt.text()) !== args.length - 2) return null;
  const size = localArraySize(node, target);
  if (!size || !/^[0-9]+$/.test(size) || Number(size) < 2) return null;
  const widened = fmt.text().replace(/%(l?)(s|\[)/, `%${Number(size) - 1}$1$2`);
  if (widened === fmt.text()) return null;
  const start = node.range().start.index;
  const text = node.text();
  const from = fmt.range().start.index - start;
  return text.slice(0, from) + widened + text.slice(from + fmt.text().length);
};

/** `strncpy(buf, src, sizeof buf);` gets the terminator it may be missing on the next line. */
const strncpyTerminate: Fixer = ({ node, source }) => {
  const dst = node.getMatch('DST')?.text();
  const n = node.getMatch('N')?.text().replace(/\s+/g, '');
  if (!dst || !n || !isSizedLocalArray(node, dst)) return null;
  if (n !== `sizeof${dst}` && n !== `sizeof(${dst})`) return null;
  const lineStart = source.lastIndexOf('\n', node.range().start.index - 1) + 1;
  const indent = /^[ \t]*/.exec(source.slice(lineStart))?.[0] ?? '';
  return `${node.text()}\n${indent}${dst}[sizeof ${dst} - 1] = '\\0';`;
};

/** XML reader settings: DTD processing off, no resolver. */
const xmlSafeSettings: Fixer = ({ node }) => {
  const text = node.text();
  if (/DtdProcessing\.Parse$/.test(text)) return text.replace(/DtdProcessing\.Parse$/, 'DtdProcessing.Prohibit');
  if (/ProhibitDtd\s*=\s*false$/.test(text)) return text.replace(/false$/, 'true');
  if (/XmlResolver\s*=\s*new\s+/.test(text)) return text.replace(/=\s*new\s+[\s\S]*$/, '= null');
  return null;
};

/** C# weak-hash factories are swapped for SHA-256 only where no MD5/SHA1-typed variable receives them. */
const csharpHashToSha256: Fixer = ({ node, source }) => {
  // A 16-byte MD5 digest often feeds new Guid(bytes), which throws on SHA-256's 32 bytes.
  if (/new\s+Guid\s*\(/.test(source)) return null;
  const factory = /^(new\s+)?(System\.Security\.Cryptography\.)?(MD5|SHA1)(CryptoServiceProvider|Managed|Cng)?\s*(\.\s*Create)?\s*\(\s*\)$/;
  if (!factory.test(node.text())) return null;
  const declaration = node.ancestors().find((a) => a.kind() === 'variable_declaration');
  if (declaration) {
    const type = field(declaration, 'type')?.text() ?? '';
    if (type !== 'var' && !/^(System\.Security\.Cryptography\.)?(HashAlgorithm|SHA256)$/.test(type)) return null;
  }
  if (node.ancestors().some((a) => a.kind() === 'assignment_expression' || a.kind() === 'field_declaration')) return null;
  return 'SHA256.Create()';
};

/** Passes a non-literal format string as the argument of a constant "%s" format. */
const formatAsArgument: Fixer = ({ node }) => {
  const fmt = node.getMatch('FMT');
  const callee = field(node, 'function')?.text() ?? '';
  if (!fmt || /^(f?wprintf)$/.test(callee)) return null;
  const start = node.range().start.index;
  const text = node.text();
  const offset = fmt.range().start.index - start;
  return `${text.slice(0, offset)}"%s", ${text.slice(offset)}`;
};

/** Swaps the verification mode argument SSL_VERIFY_NONE for SSL_VERIFY_PEER, keeping the call. */
const verifyPeer: Fixer = ({ node }) => {
  const text = node.text();
  return /\bSSL_VERIFY_NONE\b/.test(text) ? text.replace(/\bSSL_VERIFY_NONE\b/, 'SSL_VERIFY_PEER') : null;
};

/** Turns `X = false` into `X = true` (cookie Secure/HttpOnly flags). */
const falseToTrue: Fixer = ({ node }) => {
  const text = node.text();
  return /=\s*false$/.test(text) ? text.replace(/false$/, 'true') : null;
};

/** Re-enables Rust TLS verification: danger_*(true) -> (false), SslVerifyMode::NONE -> PEER. */
const rustEnableTlsVerification: Fixer = ({ node }) => {
  const text = node.text();
  if (/\(\s*true\s*\)$/.test(text)) return text.replace(/\(\s*true\s*\)$/, '(false)');
  if (/SslVerifyMode::NONE/.test(text)) return text.replace('SslVerifyMode::NONE', 'SslVerifyMode::PEER');
  if (/SSL_VERIFY_NONE/.test(text)) return text.replace('SSL_VERIFY_NONE', 'SSL_VERIFY_PEER');
  return null;
};

export const cFamilyFixers: Record<string, Fixer> = {
  'c-gets-to-fgets': getsToFgets,
  'c-strcpy-to-snprintf': boundedRewrite(2, ([dst, src]) => `snprintf(${dst}, sizeof ${dst}, "%s", ${src})`),
  'c-strcat-to-strncat': boundedRewrite(2, ([dst, src]) => `strncat(${dst}, ${src}, sizeof ${dst} - strlen(${dst}) - 1)`),
  'c-sprintf-to-snprintf': boundedRewrite(null, ([dst, ...rest]) => (rest.length === 0 ? null : `snprintf(${dst}, sizeof ${dst}, ${rest.join(', ')})`)),
  'c-vsprintf-to-vsnprintf': boundedRewrite(3, ([dst, fmt, ap]) => `vsnprintf(${dst}, sizeof ${dst}, ${fmt}, ${ap})`),
  'c-format-string-percent-s': formatAsArgument,
  'c-scanf-width': scanfWidth,
  'c-strncpy-terminate': strncpyTerminate,
  'csharp-xml-safe-settings': xmlSafeSettings,
  'c-ssl-verify-peer': verifyPeer,
  'csharp-hash-to-sha256': csharpHashToSha256,
  'csharp-false-to-true': falseToTrue,
  'rust-enable-tls-verification': rustEnableTlsVerification,
};
