// Aho–Corasick automaton over lower-cased text: reports which of many literals occur in one pass, so
// checking every rule's substring anchors costs the same for 100 rules as for 10,000.

interface State {
  next: Map<string, number>;
  fail: number;
  /** Ids of the literals that end at this state (own and via fail links). */
  outputs: number[];
}

export class SubstringMatcher {
  private readonly states: State[] = [{ next: new Map(), fail: 0, outputs: [] }];
  readonly literals: string[];

  constructor(literals: string[]) {
    this.literals = literals;
    literals.forEach((literal, id) => this.insert(literal.toLowerCase(), id));
    this.link();
  }

  private insert(literal: string, id: number): void {
    let state = 0;
    for (const ch of literal) {
      let target = this.states[state].next.get(ch);
      if (target === undefined) {
        target = this.states.length;
        this.states.push({ next: new Map(), fail: 0, outputs: [] });
        this.states[state].next.set(ch, target);
      }
      state = target;
    }
    this.states[state].outputs.push(id);
  }

  /** Breadth-first fail links; outputs are merged along them so matching never walks the chain. */
  private link(): void {
    const queue: number[] = [...this.states[0].next.values()];
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      for (const [ch, child] of this.states[state].next) {
        let fail = this.states[state].fail;
        while (fail !== 0 && !this.states[fail].next.has(ch)) fail = this.states[fail].fail;
        const target = this.states[fail].next.get(ch);
        this.states[child].fail = target !== undefined && target !== child ? target : 0;
        this.states[child].outputs.push(...this.states[this.states[child].fail].outputs);
        queue.push(child);
      }
    }
  }

  /** Ids of the literals that occur in `text` (case-insensitive). */
  find(text: string): Set<number> {
    const found = new Set<number>();
    if (this.literals.length === 0) return found;
    const lower = text.toLowerCase();
    let state = 0;
    for (const ch of lower) {
      let target = this.states[state].next.get(ch);
      while (target === undefined && state !== 0) {
        state = this.states[state].fail;
        target = this.states[state].next.get(ch);
      }
      state = target ?? 0;
      for (const id of this.states[state].outputs) found.add(id);
    }
    return found;
  }
}
