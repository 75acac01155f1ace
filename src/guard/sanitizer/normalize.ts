// Canonical text for the sanitizer: strips invisible characters, folds compatibility forms,
// homoglyphs and leetspeak, and appends decoded base64/hex/percent-encoded/rot13 fragments. Lossy by design;
// it only needs to be consistent between training and scoring.

/** Characters that render as nothing: zero-width spaces/joiners, bidi controls, soft hyphen, BOM. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
/** C0/C1 controls other than whitespace; binary garbage becomes spaces instead of tokens. */
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\ufffd]/g;
const NON_ASCII = /[^\u0000-\u007f]/;

/** Cyrillic and Greek letters that look like Latin ones (lowercase; input is lowercased first). */
const HOMOGLYPHS: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ɡ: 'g', ɑ: 'a', ı: 'i',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ς: 's',
};
const HOMOGLYPH_CLASS = new RegExp(`[${Object.keys(HOMOGLYPHS).join('')}]`, 'g');
const LATIN_LETTER = /[a-z]/;
// Token patterns are single character classes so matching stays linear on hostile input (a 1 MB
// run of digits would make a "class* letter class*" pattern quadratic); filters run per token.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i', '|': 'l' };
/** Candidate tokens for leet folding ("k3yl0gg3r", "p@ssw0rd"); only those with a letter are folded. */
const LEET_TOKEN = /[a-z0-9@$!|]+/g;
const LEET_CHAR = /[0134578@$!|]/;
/** Ordinary alphanumeric names keep their digits: sha256, python3, x86, 2fa, 64bit, utf-8. */
const ORDINARY_ALNUM = /^(?:[a-z_]+\d+|\d+[a-z]+|[a-z]+\d+[a-z]|0x[0-9a-f]+|[0-9a-f]{6,})$/;

const BASE64_RUN = /[A-Za-z0-9+/]{16,}={0,2}|[A-Za-z0-9_-]{24,}/g;
const HEX_RUN = /\b(?:[0-9a-fA-F]{2}[\s:\\x]{0,2}){12,}/g;
/** One character class, so matching stays linear on hostile input; the escapes are counted after. */
const URL_RUN = /[A-Za-z0-9%._~+-]{12,}/g;
const PERCENT_ESCAPE = /%([0-9a-fA-F]{2})/g;
const ROT13_HINT = /\b(?:rot-?13|rot 13|caesar|rotated by 13)\b/i;
const MAX_DECODED_FRAGMENTS = 8;

/** Returns the canonical form of `text` used for feature extraction (never throws). */
export function normalizeText(text: string): string {
  let out = text;
  const hasNonAscii = NON_ASCII.test(out);
  if (hasNonAscii) out = out.replace(INVISIBLE, '').normalize('NFKC');
  out = out.replace(CONTROL, ' ');
  const decoded = decodeFragments(out);
  if (decoded) out = `${out} ${decoded}`;
  out = out.toLowerCase();
  if (hasNonAscii) out = foldHomoglyphs(out);
  out = foldLeetspeak(out);
  return out;
}

function foldHomoglyphs(text: string): string {
  // Only words that also contain Latin letters are folded (mixed script is the attack), so
  // genuine Russian or Greek text stays intact.
  return text.replace(WORD, (word) =>
    NON_ASCII.test(word) && LATIN_LETTER.test(word) ? word.replace(HOMOGLYPH_CLASS, (c) => HOMOGLYPHS[c]) : word,
  );
}

function foldLeetspeak(text: string): string {
  if (!LEET_CHAR.test(text)) return text;
  return text.replace(LEET_TOKEN, (token) => {
    if (!LATIN_LETTER.test(token) || !LEET_CHAR.test(token) || ORDINARY_ALNUM.test(token)) return token;
    let folded = '';
    for (const ch of token) folded += LEET[ch] ?? ch;
    return folded;
  });
}

/** Decodes obvious encoded payloads (base64, hex, URL percent-encoding, rot13) so their words become features too. */
export function decodeFragments(text: string): string {
  const parts: string[] = [];
  for (const match of text.matchAll(BASE64_RUN)) {
    if (parts.length >= MAX_DECODED_FRAGMENTS) break;
    const plain = decodeIfReadable(Buffer.from(match[0].replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
    if (plain) parts.push(plain);
  }
  for (const match of text.matchAll(HEX_RUN)) {
    if (parts.length >= MAX_DECODED_FRAGMENTS) break;
    const plain = decodeIfReadable(Buffer.from(match[0].replace(/\\x|[\s:]/g, ''), 'hex'));
    if (plain) parts.push(plain);
  }
  if (text.includes('%')) {
    for (const match of text.matchAll(URL_RUN)) {
      if (parts.length >= MAX_DECODED_FRAGMENTS) break;
      if ((match[0].match(PERCENT_ESCAPE)?.length ?? 0) < 3) continue;
      const plain = decodeIfReadable(Buffer.from(match[0].replace(/\+/g, ' ').replace(PERCENT_ESCAPE, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1'));
      if (plain) parts.push(plain);
    }
  }
  if (ROT13_HINT.test(text)) parts.push(rot13(text));
  return parts.join(' ');
}

/** Keeps decoded bytes only when they read as text (mostly letters and spaces), not random data. */
function decodeIfReadable(bytes: Buffer): string | undefined {
  if (bytes.length < 8) return undefined;
  let letters = 0;
  let spaces = 0;
  for (const b of bytes) {
    if ((b >= 97 && b <= 122) || (b >= 65 && b <= 90)) letters++;
    else if (b === 32) spaces++;
    else if (b < 32 && b !== 10 && b !== 9) return undefined;
    else if (b > 126) return undefined;
  }
  if (letters / bytes.length < 0.6 || spaces === 0) return undefined;
  return bytes.toString('latin1');
}

export function rot13(text: string): string {
  return text.replace(/[a-zA-Z]/g, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}
