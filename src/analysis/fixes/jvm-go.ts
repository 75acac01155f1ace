// Programmatic fixers for Java and Go rules (keyed by the name a rule gives in `fixer:`).
// Each rewrite touches only the matched call or literal and returns null when it cannot be sure.
import type { SgNode } from '@ast-grep/napi';
import type { Fixer } from './fixer.js';

/** Replaces the text of metavariable `name` inside the matched node, keeping the rest of the match. */
function replaceMetavar(node: SgNode, name: string, replacement: (text: string) => string | null): string | null {
  const target = node.getMatch(name);
  if (!target) return null;
  const next = replacement(target.text());
  if (next === null || next === target.text()) return null;
  const offset = node.range().start.index;
  const text = node.text();
  return text.slice(0, target.range().start.index - offset) + next + text.slice(target.range().end.index - offset);
}

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

export const jvmAndGoFixers: Record<string, Fixer> = {
  'java-webview-access-off': webviewAccessOff,
  'java-digest-sha256': digestSha256,
  'java-library-hash-sha256': libraryHashSha256,
  'java-tls-protocol-modern': literalTo('TLSv1.3'),
  'go-skip-verify-off': goSkipVerifyOff,
  'go-mode-no-world-write': goModeNoWorldWrite,
};
