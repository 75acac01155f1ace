// Splits a streamed answer into prose, released as soon as it cannot start a code fence, and whole
// fenced code blocks, held until their closing fence so they can be analyzed and fixed first.
// Only fences at the start of a line count (CommonMark); unfenced code streams through as prose.

export type Segment = { kind: 'prose'; text: string } | { kind: 'code'; text: string };

const OPENING_FENCE = /^[ \t]*(`{3,}|~{3,})([^\n]*)\r?\n$/;
/** A partial line that may still become a fence opener: indentation plus up to two fence characters. */
const MAYBE_FENCE = /^[ \t]*(`{1,2}|~{1,2})?$/;
const FENCE_START = /^[ \t]*(`{3,}|~{3,})/;

export class CodeBlockHolder {
  private buffer = '';
  /** Part of the current line already released as prose (the rest of the line is prose too). */
  private lineReleased = false;
  private fence?: { char: string; length: number };
  private held = '';

  /** Feeds a delta; returns what may be released now, in order. */
  push(delta: string): Segment[] {
    this.buffer += delta;
    const out: Segment[] = [];
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) !== -1) {
      const line = this.buffer.slice(0, newline + 1);
      this.buffer = this.buffer.slice(newline + 1);
      this.completeLine(line, out);
    }
    if (!this.fence && this.buffer) {
      if (this.lineReleased || !(MAYBE_FENCE.test(this.buffer) || FENCE_START.test(this.buffer))) {
        this.prose(this.buffer, out);
        this.buffer = '';
        this.lineReleased = true;
      }
    }
    return out;
  }

  /** Flushes at the end of the stream: an unterminated block is released as code (to be analyzed). */
  end(): Segment[] {
    const out: Segment[] = [];
    if (this.fence) {
      out.push({ kind: 'code', text: this.held + this.buffer });
      this.fence = undefined;
      this.held = '';
    } else if (this.buffer) this.prose(this.buffer, out);
    this.buffer = '';
    return out;
  }

  get holding(): boolean {
    return this.fence !== undefined;
  }

  private prose(text: string, out: Segment[]): void {
    const last = out[out.length - 1];
    if (last?.kind === 'prose') last.text += text;
    else out.push({ kind: 'prose', text });
  }

  private completeLine(line: string, out: Segment[]): void {
    if (this.fence) {
      this.held += line;
      const closing = new RegExp(`^[ \\t]*\\${this.fence.char}{${this.fence.length},}[ \\t]*\\r?\\n$`);
      if (closing.test(line)) {
        out.push({ kind: 'code', text: this.held });
        this.fence = undefined;
        this.held = '';
      }
      return;
    }
    const open = this.lineReleased ? null : OPENING_FENCE.exec(line);
    this.lineReleased = false;
    // A backtick fence's info string cannot contain backticks: that is inline code, i.e. prose.
    if (open && !(open[1][0] === '`' && open[2].includes('`'))) {
      this.fence = { char: open[1][0], length: open[1].length };
      this.held = line;
      return;
    }
    this.prose(line, out);
  }
}
