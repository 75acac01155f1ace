// Server-sent-events parsing for streaming completions: bytes in, `data:` payloads out.
// Follows the SSE framing rules (LF/CRLF/CR line ends, multi-line data, comments); ignores event ids.

/** Yields the data payload of each SSE event in a byte stream. */
export async function* sseData(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  const flushLine = function* (line: string): Generator<string> {
    if (line === '') {
      if (data.length > 0) yield data.join('\n');
      data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
  };
  for await (const bytes of body) {
    buffer += decoder.decode(bytes, { stream: true });
    let match: RegExpExecArray | null;
    const lineEnd = /\r\n|\r|\n/g;
    let consumed = 0;
    while ((match = lineEnd.exec(buffer)) !== null) {
      // A lone CR at the very end may be the first half of CRLF: wait for more bytes.
      if (match[0] === '\r' && match.index === buffer.length - 1) break;
      yield* flushLine(buffer.slice(consumed, match.index));
      consumed = match.index + match[0].length;
    }
    buffer = buffer.slice(consumed);
  }
  buffer += decoder.decode();
  if (buffer.length > 0) yield* flushLine(buffer.replace(/\r$/, ''));
  if (data.length > 0) yield data.join('\n');
}
