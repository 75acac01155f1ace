// Guesses the language of untagged code: weighted syntax signals pick the candidates, then the
// tree-sitter parser with the fewest syntax errors wins. Returns undefined when nothing looks like code.
import { parseSource, countSyntaxErrors } from './engine.js';
import type { LanguageId } from './languages.js';

type Signal = [pattern: RegExp, weight: number];

/** Signals are checked per text (multiline regexes); a match adds the weight once. */
const SIGNALS: Partial<Record<LanguageId, Signal[]>> = {
  python: [
    [/^\s*def \w+\s*\(.*\)\s*(->\s*[^:]+)?:\s*(#.*)?$/m, 4],
    [/^\s*(import [\w.]+(\s+as \w+)?|from [\w.]+ import .+)\s*$/m, 3],
    [/^\s*class \w+(\(.*\))?:\s*$/m, 3],
    [/^\s*(if|elif|while|for|with|try|except|else)\b.*:\s*(#.*)?$/m, 2],
    [/\bself\.\w+/, 2],
    [/\b(None|True|False)\b/, 1],
    [/__name__\s*==\s*['"]__main__['"]/, 4],
    [/\bprint\(/, 1],
    [/^\s*@\w+(\.\w+)*(\(.*\))?\s*$/m, 1],
  ],
  javascript: [
    [/\b(const|let|var)\s+[\w{[][^=]*=/, 2],
    [/\bfunction\s*\w*\s*\([^)]*\)\s*\{/, 3],
    [/=>\s*[{(\w]/, 2],
    [/\brequire\(\s*['"][^'"]+['"]\s*\)/, 4],
    [/\bconsole\.(log|error|warn)\(/, 3],
    [/\bmodule\.exports\b|\bexports\.\w+\s*=/, 4],
    [/\b(document|window)\.\w+/, 3],
    [/^\s*import\s+.*\s+from\s+['"][^'"]+['"];?\s*$/m, 3],
    [/===|!==/, 2],
    [/\basync\s+function\b|\bawait\s+\w/, 1],
  ],
  typescript: [
    [/\b(const|let|var|readonly)\s+\w+\s*:\s*[\w<[{]/, 4],
    [/\(\s*\w+\??\s*:\s*(string|number|boolean|any|unknown|void|\w+\[\]|[A-Z]\w*)/, 4],
    [/\)\s*:\s*(string|number|boolean|void|any|unknown|Promise<)/, 4],
    [/^\s*(export\s+)?(interface|type)\s+\w+(<[^>]*>)?\s*(=|\{)/m, 5],
    [/\bimport\s+type\b|\bas\s+const\b/, 5],
    [/\b(private|public|protected)\s+(readonly\s+)?\w+\s*[:(]/, 2],
  ],
  c: [
    [/^\s*#\s*include\s*<\w+\.h>/m, 4],
    [/\bint\s+main\s*\(/, 2],
    [/\b(printf|fprintf|scanf|malloc|free|strcpy|strcat|sprintf|memcpy|fgets|puts)\s*\(/, 3],
    [/\b(char|int|void|unsigned|size_t)\s+\*?\w+\s*(\[\w*\])?\s*[;=(]/, 2],
    [/\bNULL\b|\bsizeof\s*\(/, 2],
    [/\bstruct\s+\w+\s*[{*]/, 2],
    [/->\w+/, 1],
    [/\bif\s*\(.*\)\s*\{?\s*$/m, 1],
    [/;\s*$/m, 1],
  ],
  cpp: [
    [/^\s*#\s*include\s*<(iostream|string|vector|map|memory|algorithm|cstring|cstdio|cstdlib|fstream|sstream)>/m, 5],
    [/\bstd::\w+/, 5],
    [/\b(cout|cin|endl)\b/, 3],
    [/^\s*using\s+namespace\s+\w+;/m, 5],
    [/\btemplate\s*</, 4],
    [/^\s*(public|private|protected):\s*$/m, 4],
    [/\bnullptr\b|\bauto\s+\w+\s*=|::\w+\(/, 2],
  ],
  java: [
    [/^\s*package\s+[\w.]+;\s*$/m, 5],
    [/^\s*import\s+(static\s+)?[\w.]+(\.\*)?;\s*$/m, 4],
    [/\bpublic\s+static\s+void\s+main\s*\(\s*String/, 5],
    [/\bSystem\.(out|err)\.print/, 5],
    [/\b(public|private|protected)\s+(static\s+)?(final\s+)?(class|interface|enum|void|String|int|boolean)\b/, 3],
    [/@Override\b|\bthrows\s+\w+Exception\b/, 3],
    [/\bnew\s+[A-Z]\w*(<[^>]*>)?\s*\(/, 1],
    [/\bString\s+\w+\s*[=;,)]|\bfinal\s+[A-Z]\w*\s+\w+/, 2],
    [/\.(length\(\)|equals\(|getBytes\(|toString\(\))/, 2],
    [/\bfor\s*\(\s*[A-Z]?\w+(<[^>]*>)?\s+\w+\s*:\s*\w+/, 2],
  ],
  go: [
    [/^\s*package\s+\w+\s*$/m, 5],
    [/^\s*func\s+(\(\w+\s+\*?\w+\)\s*)?\w+\s*\(/m, 5],
    [/\w\s*:=\s*/, 3],
    [/\bfmt\.\w+\(/, 4],
    [/\berr\s*!=\s*nil\b/, 5],
    [/^\s*import\s*\(\s*$/m, 4],
  ],
  php: [
    [/<\?php/, 10],
    [/\$\w+\s*=/, 2],
    [/\$\w+->\w+/, 3],
    [/\bfunction\s+\w+\s*\(\s*\$/, 4],
    [/\becho\s+['"$]/, 2],
  ],
  ruby: [
    [/^\s*def\s+\w+[?!]?(\s*\(.*\))?\s*$/m, 3],
    [/^\s*end\s*$/m, 3],
    [/^\s*require(_relative)?\s+['"]/m, 3],
    [/\bdo\s*\|[\w, ]+\|/, 4],
    [/\bputs\s+/, 2],
    [/\battr_(accessor|reader|writer)\b/, 4],
    [/^\s*class\s+\w+(\s*<\s*[\w:]+)?\s*$/m, 2],
  ],
  csharp: [
    [/^\s*using\s+System(\.\w+)*;\s*$/m, 5],
    [/^\s*namespace\s+[\w.]+/m, 3],
    [/\bConsole\.(WriteLine|ReadLine|Write)\(/, 5],
    [/\{\s*get;\s*(set;)?\s*\}/, 5],
    [/\b(public|private|internal)\s+(static\s+)?(async\s+)?(Task|void|string|int|bool)\b/, 2],
    [/\.[A-Z]\w*\([^)]*\)[;.]/, 2],
    [/\b(var|string)\s+\w+\s*=/, 1],
    [/\bforeach\s*\(\s*(var|\w+)\s+\w+\s+in\b/, 4],
    [/\.Length\b|\bstring\.(IsNullOrEmpty|Format|Join)\b/, 3],
    [/^\s*\[[A-Z]\w*(\(.*\))?\]\s*$/m, 2],
  ],
  rust: [
    [/^\s*(pub\s+)?fn\s+\w+\s*(<[^>]*>)?\s*\(/m, 4],
    [/\blet\s+mut\s+\w+/, 5],
    [/\b\w+!\s*\(/, 2],
    [/^\s*use\s+(std|crate|super)::/m, 5],
    [/^\s*impl\b/m, 4],
    [/&(mut\s+)?(str|self)\b|\bVec<|\bOption<|\bResult</, 3],
  ],
  bash: [
    [/^#!\s*\/(usr\/)?bin\/(env\s+)?(ba|z)?sh\b/m, 10],
    [/^\s*(fi|done|esac)\s*$/m, 4],
    [/^\s*if\s+\[\[?\s/m, 4],
    [/^\s*(echo|export|cd|sudo|apt-get|chmod|mkdir|curl|wget)\s/m, 2],
    [/\$\{\w+[^}]*\}|\$\(\s*\w/, 2],
  ],
};

/** Only the first part of a large text is examined: enough to tell languages apart. */
const DETECTION_WINDOW = 20_000;
/** Below this score a text is not taken for code when nothing else (a fence) says it is. */
const DEFAULT_MIN_SCORE = 3;

export function languageScores(code: string): Map<LanguageId, number> {
  const text = code.length > DETECTION_WINDOW ? code.slice(0, DETECTION_WINDOW) : code;
  const scores = new Map<LanguageId, number>();
  for (const [language, signals] of Object.entries(SIGNALS) as [LanguageId, Signal[]][]) {
    let score = 0;
    for (const [pattern, weight] of signals) if (pattern.test(text)) score += weight;
    if (score > 0) scores.set(language, score);
  }
  return scores;
}

/** Syntax errors per hundred lines when parsed as `language`; lower means a better fit. */
function errorRate(code: string, language: LanguageId): number {
  const text = code.length > DETECTION_WINDOW ? code.slice(0, DETECTION_WINDOW) : code;
  try {
    const errors = countSyntaxErrors(parseSource(text, language));
    const lines = text.split('\n').length;
    return (errors * 100) / Math.max(lines, 1);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * The most likely language of `code`, or undefined when no language scores `minScore` (a fenced block
 * is known to be code, so its caller asks for less evidence than for unfenced text).
 * Candidates within half of the best score are parsed; fewer errors win, the higher score breaks ties.
 */
export function detectLanguage(code: string, minScore = DEFAULT_MIN_SCORE): LanguageId | undefined {
  const scores = languageScores(code);
  const best = Math.max(0, ...scores.values());
  if (best < minScore || best === 0) return undefined;
  const candidates = [...scores].filter(([, score]) => score >= best / 2).sort((a, b) => b[1] - a[1]).slice(0, 4);
  if (candidates.length === 1) return candidates[0][0];
  let winner: { language: LanguageId; rate: number; score: number } | undefined;
  for (const [language, score] of candidates) {
    const rate = errorRate(code, language);
    // A small error-rate difference is noise (truncated snippets); let the syntax score decide then.
    if (!winner || rate < winner.rate - 0.5 || (Math.abs(rate - winner.rate) <= 0.5 && score > winner.score)) {
      winner = { language, rate, score };
    }
  }
  return winner?.language;
}
