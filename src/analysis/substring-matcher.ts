// Aho–Corasick automaton over case-folded text: reports which of many literals occur in one pass, so
// checking every rule's substring anchors costs the same for 100 rules as for 10,000. ASCII transitions
// live in a dense table (one array read per character); other characters use a per-state map.

const ASCII = 128;

export class SubstringMatcher {
  readonly literals: string[];
  /** Dense goto function for ASCII char codes (already case-folded), completed with fail links: -1 = none. */
  private table: Int32Array = new Int32Array(0);
  private readonly wide: Map<number, number>[] = [];
  private readonly fail: number[] = [];
  private readonly outputs: number[][] = [];
  private states = 0;

  constructor(literals: string[]) {
    this.literals = literals;
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
      for (const code of codes(literal.toLowerCase())) {
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

  /** Ids of the literals that occur in `text` (case-insensitive). */
  find(text: string): Set<number> {
    const found = new Set<number>();
    if (this.literals.length === 0) return found;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      let code = text.charCodeAt(i);
      if (code < ASCII) {
        if (code >= 65 && code <= 90) code += 32;
        state = this.table[state * ASCII + code];
      } else {
        state = this.wideStep(state, String.fromCharCode(code).toLowerCase().charCodeAt(0));
      }
      const out = this.outputs[state];
      if (out.length) for (const id of out) found.add(id);
    }
    return found;
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
