// Programmatic fixers for Java and Go rules (keyed by the name a rule gives in `fixer:`).
// Each rewrite touches only the matched call or literal and returns null when it cannot be sure.
import type { SgNode } from '@ast-grep/napi';
import { replaceMetavar, type Fixer } from './fixer.js';
import { bindPlaceholders, type SqlSegment } from './sql-placeholders.js';

/** `MessageDigest.getInstance("MD5")` → `"SHA-256"`; constant names map to their SHA-256 counterpart. */
const digestSha256: Fixer = ({ node }) =>
  replaceMetavar(node, 'ALG', (alg) => (alg.startsWith('"') ? '"SHA-256"' : alg.startsWith('MessageDigestAlgorithms.') ? 'MessageDigestAlgorithms.SHA_256' : null));

const LIBRARY_SHA256: Record<string, string> = {
  md2: 'sha256', md5: 'sha256', sha: 'sha256', sha1: 'sha256',
  md2Hex: 'sha256Hex', md5Hex: 'sha256Hex', shaHex: 'sha256Hex', sha1Hex: 'sha256Hex',
  getMd2Digest: 'getSha256Digest', getMd5Digest: 'getSha256Digest', getShaDigest: 'getSha256Digest', getSha1Digest: 'getSha256Digest',
};

/** `DigestUtils.md5Hex(x)` → `DigestUtils.sha256Hex(x)`, `Hashing.sha1()` → `Hashing.sha256()`. */
const libraryHashSha256: Fixer = ({ node }) =>
  replaceMetavar(node, 'METHOD', (method) => {
    const owner = node.getMatch('DU')?.text() ?? '';
    if (/Hashing$/.test(owner)) return method === 'md5' || method === 'sha1' ? 'sha256' : null;
    return LIBRARY_SHA256[method] ?? null;
  });

/** `Cipher.getInstance("X", provider)`-style: swaps a string literal metavariable $ALG for a fixed one. */
function literalTo(value: string): Fixer {
  return ({ node }) => replaceMetavar(node, 'ALG', (alg) => (alg.startsWith('"') ? `"${value}"` : null));
}

/** Go: `InsecureSkipVerify: true` → `InsecureSkipVerify: false`. */
const goSkipVerifyOff: Fixer = ({ node }) => {
  const text = node.text();
  return /:\s*true$/.test(text) ? text.replace(/true$/, 'false') : null;
};

/** Clears the world-writable bit of an octal mode literal: 0777 → 0775, 0o666 → 0o664. */
export function octalWithoutWorldWrite(literal: string): string | null {
  const match = /^(0o|0O|0)([0-7]{3,4})$/.exec(literal);
  if (!match) return null;
  const digits = match[2];
  const last = Number(digits[digits.length - 1]) & ~0o2;
  return `${match[1]}${digits.slice(0, -1)}${last}`;
}

const goModeNoWorldWrite: Fixer = ({ node }) => replaceMetavar(node, 'MODE', octalWithoutWorldWrite);

/** Android WebView `setAllowXxx(true)` → `setAllowXxx(false)`. */
const webviewAccessOff: Fixer = ({ node }) => {
  const text = node.text();
  return /\(\s*true\s*\)$/.test(text) ? text.replace(/\(\s*true\s*\)$/, '(false)') : null;
};

/** Go `MinVersion: tls.VersionTLS10` → `MinVersion: tls.VersionTLS12`. */
const goTlsMin12: Fixer = ({ node }) => {
  const text = node.text();
  const match = /^(MinVersion\s*:\s*)(tls\.)?\S+$/.exec(text);
  return match ? `${match[1]}${match[2] ?? 'tls.'}VersionTLS12` : null;
};

/** Literal text of a Go interpreted string without escapes, or null. */
function goStringContent(node: SgNode): string | null {
  if (node.kind() !== 'interpreted_string_literal' && node.kind() !== 'raw_string_literal') return null;
  const body = node.text().slice(1, -1);
  return node.kind() === 'interpreted_string_literal' && body.includes('\\') ? null : body;
}

/** A piece of string-built SQL: literal text or an interpolated value. */
type GoSegment = SqlSegment;

/** Splits `fmt.Sprintf("... %s ...", a)` or `"..." + a + "..."` into literal and value segments. */
function goSqlSegments(node: SgNode): GoSegment[] | null {
  if (node.kind() === 'binary_expression') {
    const [left, op, right] = node.children();
    if (op?.text() !== '+' || !left || !right) return null;
    const l = left.kind() === 'binary_expression' ? goSqlSegments(left) : goStringContent(left) !== null ? [{ literal: goStringContent(left)! }] : [{ expr: left.text() }];
    const rText = goStringContent(right);
    const r = rText !== null ? [{ literal: rText }] : right.kind() === 'binary_expression' ? null : [{ expr: right.text() }];
    return l && r ? [...l, ...r] : null;
  }
  if (node.kind() === 'call_expression' && /^fmt\.Sprintf\(/.test(node.text())) {
    const args = node.field('arguments')?.children().filter((c) => !['(', ')', ','].includes(String(c.kind()))) ?? [];
    const format = args[0] ? goStringContent(args[0]) : null;
    if (format === null || format.includes('%%')) return null;
    const values = args.slice(1);
    if (values.some((v) => v.kind() === 'variadic_argument' || v.text().endsWith('...'))) return null;
    const parts = format.split(/%([sdvq])/);
    const segments: GoSegment[] = [];
    let used = 0;
    for (let i = 0; i < parts.length; i++) {
      if (i % 2 === 0) {
        if (parts[i].includes('%')) return null;
        if (parts[i]) segments.push({ literal: parts[i] });
      } else {
        const value = values[used++];
        if (!value) return null;
        if (parts[i] === 'q') return null;
        segments.push({ expr: value.text() });
      }
    }
    return used === values.length ? segments : null;
  }
  return null;
}

const GO_VALUE_CONTEXT = /(=|<>|!=|<|>|\blike|\bin\s*\(|\(|,|\blimit|\boffset)\s*$/i;

/** `db.Query(fmt.Sprintf("... = '%s'", x))` → `db.Query("... = ?", x)` ($1 for PostgreSQL drivers). */
const goSqlPlaceholders: Fixer = ({ node, source }) => {
  const sql = node.getMatch('SQL');
  if (!sql) return null;
  const args = node.field('arguments')?.children().filter((c) => !['(', ')', ','].includes(String(c.kind()))) ?? [];
  if (args[args.length - 1]?.range().start.index !== sql.range().start.index) return null;
  const segments = goSqlSegments(sql);
  if (!segments) return null;
  // Removing the only fmt use would leave an unused import, which does not compile.
  if (sql.kind() === 'call_expression' && (source.match(/\bfmt\./g) ?? []).length < 2) return null;
  const postgres = /github\.com\/(lib\/pq|jackc\/pgx)|"postgres"|\$\d+/.test(source);
  const bound = bindPlaceholders(segments, { valueContext: GO_VALUE_CONTEXT, numbered: postgres });
  if (!bound || bound.sql.includes('"') || bound.sql.includes('\\')) return null;
  const offset = node.range().start.index;
  const whole = node.text();
  return `${whole.slice(0, sql.range().start.index - offset)}"${bound.sql}", ${bound.values.join(', ')}${whole.slice(sql.range().end.index - offset)}`;
};

/**
 * `http.ListenAndServe(addr, h)` → an explicit http.Server with ReadHeaderTimeout. Uses time.Second when
 * "time" is imported; otherwise an untyped constant, so no import has to be added.
 */
const goHttpServerTimeouts: Fixer = ({ node, source }) => {
  const addr = node.getMatch('ADDR')?.text();
  const handler = node.getMatch('HANDLER')?.text();
  if (!addr || !handler) return null;
  const timeout = /"time"/.test(source) ? '10 * time.Second' : '10e9 /* 10s */';
  const server = `(&http.Server{Addr: ${addr}, Handler: ${handler}, ReadHeaderTimeout: ${timeout}})`;
  const cert = node.getMatch('CERT')?.text();
  const key = node.getMatch('KEY')?.text();
  return cert && key ? `${server}.ListenAndServeTLS(${cert}, ${key})` : `${server}.ListenAndServe()`;
};

/** Raises a literal key size ($BITS) below 2048 to 2048; the API call stays the same. */
const keySize2048: Fixer = ({ node }) => replaceMetavar(node, 'BITS', (bits) => (/^\d+$/.test(bits) && Number(bits) < 2048 ? '2048' : null));

/** Java string concatenation `"a" + x + "b"` as literal/value segments (plain literals only). */
function javaSqlSegments(node: SgNode): GoSegment[] | null {
  if (node.kind() === 'string_literal') {
    const body = node.text().slice(1, -1);
    return body.includes('\\') || body.includes('"') ? null : [{ literal: body }];
  }
  if (node.kind() === 'binary_expression') {
    const [left, op, right] = node.children();
    if (op?.text() !== '+' || !left || !right) return null;
    const l = left.kind() === 'binary_expression' || left.kind() === 'string_literal' ? javaSqlSegments(left) : [{ expr: left.text() }];
    const r = right.kind() === 'string_literal' ? javaSqlSegments(right) : right.kind() === 'binary_expression' ? null : [{ expr: right.text() }];
    return l && r ? [...l, ...r] : null;
  }
  return null;
}

const JDBC_RUN: Record<string, string> = { executeQuery: 'executeQuery', executeUpdate: 'executeUpdate', execute: 'execute', executeLargeUpdate: 'executeLargeUpdate' };

/**
 * `ResultSet rs = stmt.executeQuery("... = '" + x + "'");` → a PreparedStatement with ? and setObject
 * calls, run the same way. Only whole statements on a JDBC Statement are rewritten.
 */
const javaSqlPrepared: Fixer = ({ node, source }) => {
  const statement = node.getMatch('S')?.text();
  const method = node.getMatch('METHOD')?.text();
  const sql = node.getMatch('SQL');
  if (!statement || !method || !sql || !JDBC_RUN[method]) return null;
  if (node.kind() !== 'local_variable_declaration' && node.kind() !== 'expression_statement') return null;
  const segments = javaSqlSegments(sql);
  const bound = segments && bindPlaceholders(segments, { valueContext: GO_VALUE_CONTEXT, numbered: false });
  if (!bound) return null;
  const variable = node.getMatch('V')?.text();
  const name = variable ? `${variable}Statement` : 'preparedStatement';
  if (new RegExp(`\\b${name}\\b`).test(source)) return null;
  const created = /^(.+)\.createStatement\(\)$/.exec(statement);
  const connection = created ? created[1] : `${statement}.getConnection()`;
  const lineStart = source.lastIndexOf('\n', node.range().start.index - 1) + 1;
  const indent = /^[ \t]*/.exec(source.slice(lineStart))?.[0] ?? '';
  const lines = [`java.sql.PreparedStatement ${name} = ${connection}.prepareStatement("${bound.sql}");`];
  bound.values.forEach((value, i) => lines.push(`${name}.setObject(${i + 1}, ${value});`));
  const run = `${name}.${JDBC_RUN[method]}()`;
  const type = node.getMatch('T')?.text();
  lines.push(variable && type ? `${type} ${variable} = ${run};` : `${run};`);
  return lines.join(`\n${indent}`);
};

export const jvmAndGoFixers: Record<string, Fixer> = {
  'java-sql-prepared': javaSqlPrepared,
  'java-key-size-2048': keySize2048,
  'go-key-size-2048': keySize2048,
  'go-http-server-timeouts': goHttpServerTimeouts,
  'go-tls-min-12': goTlsMin12,
  'go-sql-placeholders': goSqlPlaceholders,
  'java-webview-access-off': webviewAccessOff,
  'java-digest-sha256': digestSha256,
  'java-library-hash-sha256': libraryHashSha256,
  'java-tls-protocol-modern': literalTo('TLSv1.3'),
  'go-skip-verify-off': goSkipVerifyOff,
  'go-mode-no-world-write': goModeNoWorldWrite,
};
