// Aho–Corasick automaton: reports which of many literals occur in one pass over the text (case-folded, or
// exact and as whole identifiers), so checking every rule's anchors costs the same for 100 rules as for
// 10,000. ASCII transitions live in a dense table (one array read per character); others use a per-state map.
// With the native addon built, ASCII literal sets run the same automaton in C (native/flat-tree/anchors.c),
// about 2.5 times faster per character; this one remains the definition and the fallback.

import { nativeAddon } from './native.js';

const ASCII = 128;

/** Whether a char code can be part of an identifier as prefilter.ts's identifierSet reads them: [A-Za-z0-9_]. */
function wordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

const isDigit = (code: number) => code >= 48 && code <= 57;

export interface MatcherOptions {
  /** Match case exactly instead of case-folding literals and text. */
  caseSensitive?: boolean;
  /**
   * Report a literal only where it is a whole identifier of the text, exactly the tokens identifierSet
   * collects: the run of [A-Za-z0-9_] holding it ends with it and, past any leading digits, starts with it.
   */
  wholeIdentifiers?: boolean;
}

export class SubstringMatcher {
  readonly literals: string[];
  private readonly fold: boolean;
  private readonly whole: boolean;
  /** Dense goto function for ASCII char codes (case-folded unless case-sensitive), completed with fail links. */
  private table: Int32Array = new Int32Array(0);
  private readonly wide: Map<number, number>[] = [];
  private readonly fail: number[] = [];
  private readonly outputs: number[][] = [];
  private states = 0;
  private readonly native?: object;

  constructor(literals: string[], options: MatcherOptions = {}, useNative = true) {
    this.literals = literals;
    this.fold = !options.caseSensitive;
    this.whole = options.wholeIdentifiers ?? false;
    const addon = useNative ? nativeAddon() : null;
    if (addon && literals.every((l) => /^[\x00-\x7f]*$/.test(l))) {
      this.native = addon.matcher(literals, !this.fold, this.whole);
      return;
    }
    const trie: Map<number, number>[] = [];
    const newState = () => {
      trie.push(new Map());
      this.outputs.push([]);
      this.fail.push(0);
      return this.states++;
    };
    newState();
    literals.forEach((literal, id) => {
      let state = 0;
      for (const code of codes(this.fold ? literal.toLowerCase() : literal)) {
        let next = trie[state].get(code);
        if (next === undefined) {
          next = newState();
          trie[state].set(code, next);
        }
        state = next;
      }
      this.outputs[state].push(id);
    });
    this.build(trie);
  }

  /** Breadth-first fail links, then the completed ASCII table so matching never follows fail links for ASCII. */
  private build(trie: Map<number, number>[]): void {
    this.table = new Int32Array(this.states * ASCII).fill(-1);
    const order: number[] = [0];
    for (let head = 0; head < order.length; head++) {
      const state = order[head];
      for (const [code, child] of trie[state]) {
        if (state !== 0) {
          let f = this.fail[state];
          while (f !== 0 && !trie[f].has(code)) f = this.fail[f];
          const target = trie[f].get(code);
          this.fail[child] = target !== undefined && target !== child ? target : 0;
        }
        this.outputs[child] = [...this.outputs[child], ...this.outputs[this.fail[child]]];
        order.push(child);
      }
    }
    for (const state of order) {
      this.wide[state] = new Map([...trie[state]].filter(([code]) => code >= ASCII));
      for (let code = 0; code < ASCII; code++) {
        const direct = trie[state].get(code);
        this.table[state * ASCII + code] = direct ?? (state === 0 ? 0 : this.table[this.fail[state] * ASCII + code]);
      }
    }
  }

  /** Ids of the literals that occur in `text` (case-insensitive unless built case-sensitive). */
  find(text: string): Set<number> {
    if (this.native) return new Set(nativeAddon()!.find(this.native, text));
    const found = new Set<number>();
    if (this.literals.length === 0) return found;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      let code = text.charCodeAt(i);
      if (code < ASCII) {
        if (this.fold && code >= 65 && code <= 90) code += 32;
        state = this.table[state * ASCII + code];
      } else {
        state = this.wideStep(state, this.fold ? String.fromCharCode(code).toLowerCase().charCodeAt(0) : code);
      }
      const out = this.outputs[state];
      if (out.length) {
        for (const id of out) if (!this.whole || this.isWholeIdentifier(text, i + 1 - this.literals[id].length, i + 1)) found.add(id);
      }
    }
    return found;
  }

  private isWholeIdentifier(text: string, start: number, end: number): boolean {
    if (end < text.length && wordChar(text.charCodeAt(end))) return false;
    let before = start - 1;
    while (before >= 0 && isDigit(text.charCodeAt(before))) before--;
    return before < 0 || !wordChar(text.charCodeAt(before));
  }

  private wideStep(state: number, code: number): number {
    let s = state;
    for (;;) {
      const next = this.wide[s].get(code);
      if (next !== undefined) return next;
      if (s === 0) return 0;
      s = this.fail[s];
    }
  }
}

function codes(text: string): number[] {
  return Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
}
