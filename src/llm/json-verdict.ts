// Pulls one JSON object out of a model's reply: tolerates code fences, prose around the object,
// trailing commas, smart quotes and single-line comments. Returns undefined when nothing parses.

const FENCE = /```[a-zA-Z0-9_-]*\s*\n?([\s\S]*?)```/g;

/** Removes trailing commas and // comments outside strings; keeps string contents intact. */
function relaxJson(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      out += ch;
      if (ch === '\\') {
        out += text[i + 1] ?? '';
        i++;
      } else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (ch === ',') {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j])) j++;
      if (text[j] !== '}' && text[j] !== ']') out += ch;
    } else out += ch;
  }
  return out;
}

/** The balanced {...} or [...] spans of a text, outermost first, in order of appearance. */
function balancedSpans(text: string): string[] {
  const spans: string[] = [];
  for (let start = 0; start < text.length; start++) {
    const open = text[start];
    if (open !== '{' && open !== '[') continue;
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const ch = text[i];
      if (inString) {
        if (ch === '\\') i++;
        else if (ch === '"') inString = false;
        continue;
      }
      if (ch === '"') inString = true;
      else if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') {
        depth--;
        if (depth === 0) {
          spans.push(text.slice(start, i + 1));
          start = i;
          break;
        }
      }
    }
  }
  return spans;
}

function tryParse(text: string): unknown {
  for (const candidate of [text, relaxJson(text)]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next, more lenient, candidate
    }
  }
  return undefined;
}

/** Candidates in order of trust: whole reply, fenced blocks, then balanced spans in the prose. */
export function parseLooseJson(reply: string): unknown {
  const text = reply.replace(/[\u201c\u201d]/g, '"').trim();
  const candidates = [text];
  for (const match of text.matchAll(FENCE)) candidates.push(match[1].trim());
  candidates.push(...balancedSpans(text));
  for (const candidate of candidates) {
    if (!candidate) continue;
    const value = tryParse(candidate);
    if (value !== undefined && typeof value === 'object' && value !== null) return value;
  }
  return undefined;
}
