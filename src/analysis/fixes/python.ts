// Programmatic fixers for Python, PHP, Ruby and Bash rules (keyed by the name a rule gives in `fixer:`).
// Each returns null unless its rewrite is certain to keep behaviour; the fixer then leaves the finding.
import type { SgNode } from '@ast-grep/napi';
import type { Fixer } from './fixer.js';
import { shellCommandToArgv } from './python-argv.js';
import { parameterizePythonSql } from './python-sql.js';

/** The text of a plain one-line Python string literal ('...' or "...", no prefix, no escapes), or null. */
export function plainStringValue(node: SgNode | null): string | null {
  if (!node || node.kind() !== 'string') return null;
  const match = /^(['"])([^'"\\\n]*)\1$/.exec(node.text());
  return match ? match[2] : null;
}

/** Characters that give a command string shell meaning; with any of them the split would change it. */
const SHELL_SYNTAX = /[|&;<>()$`\\"'*?[\]#~={}%!]/;

function quoteWords(words: string[]): string {
  return `[${words.map((w) => `'${w}'`).join(', ')}]`;
}

/** `os.system('ls -l')` → `subprocess.call(['ls', '-l'])`; `subprocess.run('make', shell=True)` → `subprocess.run(['make'])`. */
const shellLiteralToArgv: Fixer = ({ node }) => {
  const command = plainStringValue(node.getMatch('CMD'));
  if (command === null || SHELL_SYNTAX.test(command)) return null;
  const words = command.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  const fn = node.getMatch('F');
  if (!fn) return `subprocess.call(${quoteWords(words)})`;
  const args = (node.field('arguments')?.children() ?? []).filter((c) => c.isNamed() && c.kind() !== 'comment');
  const kept = args.slice(1).filter((a) => !/^shell\s*=/.test(a.text())).map((a) => a.text());
  return `subprocess.${fn.text()}(${[quoteWords(words), ...kept].join(', ')})`;
};

/** True when a string literal's content is a Python literal: no names outside quotes but True/False/None. */
function looksLikeLiteral(code: string): boolean {
  const outsideQuotes = code.replace(/'[^'\\]*'|"[^"\\]*"/g, '0');
  return !/\b(?!(?:True|False|None)\b)[A-Za-z_]/.test(outsideQuotes) && !/[=;]/.test(outsideQuotes);
}

/** `eval('[1, 2]')` / `eval(input())` → `ast.literal_eval(...)`: the same result for every literal input. */
const evalToLiteralEval: Fixer = ({ node }) => {
  const arg = node.getMatch('ARG');
  if (!arg || !node.text().startsWith('eval(')) return null;
  const args = node.field('arguments')?.children().filter((c) => c.isNamed()) ?? [];
  if (args.length !== 1) return null;
  const literal = plainStringValue(arg);
  const fromInput = /^(raw_)?input\(/.test(arg.text());
  if (!fromInput && (literal === null || !looksLikeLiteral(literal))) return null;
  return `ast.literal_eval(${arg.text()})`;
};

/** `random.choice(x)` in a secret context → `secrets.SystemRandom().choice(x)`: same API, OS entropy. */
const randomToSystemRandom: Fixer = ({ node }) => {
  const text = node.text();
  const match = /^random\.(\w+)\(/.exec(text);
  if (!match || match[1] === 'seed' || match[1] === 'SystemRandom') return null;
  return `secrets.SystemRandom().${text.slice('random.'.length)}`;
};

/** `os.chmod(p, 0o777)` → `os.chmod(p, 0o700)`; `0o666` → `0o600`: owner keeps its rights, others lose theirs. */
const chmodOwnerOnly: Fixer = ({ node }) => {
  const mode = node.getMatch('MODE');
  if (!mode) return null;
  const digits = /^0o?([0-7]{3})$/i.exec(mode.text());
  if (!digits) return null;
  const owner = digits[1][0];
  const replacement = `0o${owner}00`;
  const start = mode.range().start.index - node.range().start.index;
  const end = mode.range().end.index - node.range().start.index;
  return node.text().slice(0, start) + replacement + node.text().slice(end);
};

/** `tempfile.mktemp(...)` → `tempfile.mkstemp(...)[1]`: still a path, but the file now exists, created 0600. */
const mktempToMkstemp: Fixer = ({ node }) => {
  const match = /^(?:tempfile\.)?mktemp\(([\s\S]*)\)$/.exec(node.text());
  if (!match || /\bdir\s*=\s*None|\*/.test(match[1])) return null;
  return `tempfile.mkstemp(${match[1]})[1]`;
};

/** Turns a disabled TLS check back on: `verify=False` → `True`, `CERT_NONE` → `CERT_REQUIRED`, `check_hostname = False` → `True`. */
const tlsVerifyOn: Fixer = ({ node }) => {
  const text = node.text();
  if (text.startsWith('ssl._create_unverified_context(')) return `ssl.create_default_context(${text.slice('ssl._create_unverified_context('.length)}`;
  if (/CERT_NONE/.test(text)) return text.replace(/(['"])CERT_NONE\1|(['"])none\2/, "'CERT_REQUIRED'").replace(/CERT_NONE/, 'CERT_REQUIRED');
  if (/^(\S+\.)?(verify|check_hostname)\s*=\s*False$/.test(text)) return text.replace(/False$/, 'True');
  return null;
};

/** `X = False` / `flag=False` → `True` for settings whose only safe value is True. */
const falseToTrue: Fixer = ({ node }) => {
  const text = node.text();
  return /=\s*False$/.test(text) ? text.replace(/False$/, 'True') : null;
};

/** `tar.extractall(dest)` → `tar.extractall(dest, filter='data')`: refuses members that escape `dest`. */
const tarFilterData: Fixer = ({ node }) => {
  const text = node.text();
  if (!text.endsWith(')') || /\*/.test(text)) return null;
  const open = text.indexOf('(');
  const inner = text.slice(open + 1, -1).trim();
  return `${text.slice(0, open)}(${inner ? `${inner}, ` : ''}filter='data')`;
};

const XML_SAFE: Record<string, string> = {
  resolve_entities: 'False', no_network: 'True', load_dtd: 'False', huge_tree: 'False',
};

/** `XMLParser(resolve_entities=True)` → `resolve_entities=False` (and the like for each risky flag). */
const xmlEntitiesOff: Fixer = ({ node }) => {
  const match = /^(\w+)(\s*=\s*)(True|False)$/.exec(node.text());
  if (!match || !(match[1] in XML_SAFE)) return null;
  return `${match[1]}${match[2]}${XML_SAFE[match[1]]}`;
};

/** PHP `rand(a, b)` / `mt_rand(a, b)` → `random_int(a, b)`: same range, CSPRNG; other forms are left. */
const phpRandToRandomInt: Fixer = ({ node }) => {
  const match = /^(?:mt_)?rand\s*\(([^,()]+,[^,()]+)\)$/.exec(node.text());
  return match ? `random_int(${match[1]})` : null;
};

/** `curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false)` → `true`; `CURLOPT_SSL_VERIFYHOST, 0` → `2`. */
const phpCurlVerifyOn: Fixer = ({ node }) => {
  const match = /^(curl_setopt\s*\(\s*[^,]+,\s*CURLOPT_SSL_VERIFY(PEER|HOST)\s*,\s*)[^,()]+\)$/.exec(node.text());
  if (!match) return null;
  return `${match[1]}${match[2] === 'PEER' ? 'true' : '2'})`;
};

/** Ruby `YAML.load(x)` / `Psych::load x` → `safe_load`; Marshal, Oj and JSON.load have no drop-in safe form. */
const rubyYamlSafeLoad: Fixer = ({ node }) => {
  const match = /^((?:::)?(?:YAML|Psych)(?:\.|::))(load|unsafe_load)\b/.exec(node.text());
  return match ? `${match[1]}safe_load${node.text().slice(match[0].length)}` : null;
};

/** Ruby `open(name)` / `Kernel.open` / `IO.read(name)` → the File method, which never spawns a command. */
const rubyOpenFile: Fixer = ({ node }) => {
  const match = /^(?:(?:::)?(?:Kernel|IO)\.)?(open|read|readlines|write|foreach|binread|binwrite)\b/.exec(node.text());
  return match ? `File.${match[1]}${node.text().slice(match[0].length)}` : null;
};

/** Ruby `OpenSSL::SSL::VERIFY_NONE` → `VERIFY_PEER`; `verify_ssl: false` → `true`. */
const rubyVerifyPeer: Fixer = ({ node }) => {
  const text = node.text();
  if (text === 'OpenSSL::SSL::VERIFY_NONE') return 'OpenSSL::SSL::VERIFY_PEER';
  return /false$/.test(text) ? text.replace(/false$/, 'true') : null;
};

/** Bash `curl -k` / `--insecure` / `wget --no-check-certificate`: drop the flag so TLS is verified again. */
const bashTlsVerifyOn: Fixer = ({ node }) => {
  const text = node.text();
  if (!/^(curl|wget)\s/.test(text)) return null;
  const fixed = text
    .replace(/\s+(--insecure|--no-check-certificate|-k)(?=\s|$)/g, '')
    // Grouped short flags (-sSLk) only for curl: for wget, -k means --convert-links.
    .replace(/(\s-[a-jl-zA-Z]*)k([a-zA-Z]*)(?=\s|$)/g, (all: string, head: string, tail: string) => {
      if (!text.startsWith('curl')) return all;
      return head.length > 2 || tail ? `${head}${tail}` : '';
    });
  return fixed === text ? null : fixed;
};

/** Bash `chmod 777 x` → `chmod 700 x`, `666` → `600`: the owner keeps its bits, others lose theirs. */
const bashChmodOwnerOnly: Fixer = ({ node }) => {
  const match = /^(chmod\s+(?:-[a-zA-Z]+\s+)*)0?([0-7])([0-7])([0-7])(?=\s)/.exec(node.text());
  return match ? `${match[1]}${match[2]}00${node.text().slice(match[0].length)}` : null;
};

export const pythonFixers: Record<string, Fixer> = {
  'python-shell-literal-to-argv': shellLiteralToArgv,
  'python-shell-command-to-argv': shellCommandToArgv,
  'python-eval-to-literal-eval': evalToLiteralEval,
  'python-random-to-system-random': randomToSystemRandom,
  'python-chmod-owner-only': chmodOwnerOnly,
  'python-sql-parameterize': parameterizePythonSql,
  'python-mktemp-to-mkstemp': mktempToMkstemp,
  'python-tls-verify-on': tlsVerifyOn,
  'python-false-to-true': falseToTrue,
  'python-tar-filter-data': tarFilterData,
  'python-xml-entities-off': xmlEntitiesOff,
  'php-rand-to-random-int': phpRandToRandomInt,
  'php-curl-verify-on': phpCurlVerifyOn,
  'ruby-yaml-safe-load': rubyYamlSafeLoad,
  'ruby-verify-peer': rubyVerifyPeer,
  'ruby-open-file': rubyOpenFile,
  'bash-tls-verify-on': bashTlsVerifyOn,
  'bash-chmod-owner-only': bashChmodOwnerOnly,
};
