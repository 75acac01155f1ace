import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LlmClient, MemoryLlmCache, UpstreamError, type ChatStreamChunk } from '../../src/llm/index.js';
import { completion, completionChunks, reply, startScriptedOpenAI, type ScriptedHandler, type ScriptedOpenAI } from '../support/scripted-openai.js';

let upstream: ScriptedOpenAI | undefined;
afterEach(async () => {
  await upstream?.close();
  upstream = undefined;
});

async function clientFor(handler: ScriptedHandler, options: Partial<ConstructorParameters<typeof LlmClient>[0]> = {}) {
  upstream = await startScriptedOpenAI(handler);
  return new LlmClient({ baseUrl: upstream.url, model: 'test-model', retryBaseMs: 5, timeoutMs: 2000, ...options });
}

async function collect(stream: AsyncIterable<ChatStreamChunk>): Promise<ChatStreamChunk[]> {
  const chunks: ChatStreamChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

async function rejection(promise: Promise<unknown>): Promise<UpstreamError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

const hi = [{ role: 'user', content: 'hi' }];

describe('LlmClient.chat', () => {
  it('sends model, messages, passthrough fields and the bearer key; reads content, finish reason, usage', async () => {
    const client = await clientFor(() => reply.answer('hello'), { apiKey: 'sk-test' });
    const result = await client.chat({ messages: hi, temperature: 0.2, seed: 7, top_p: 0.9 });
    expect(result).toMatchObject({ content: 'hello', finishReason: 'stop', usage: { prompt_tokens: 10 } });
    const sent = upstream!.requests[0];
    expect(sent.path).toBe('/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-test');
    expect(sent.body).toEqual({ messages: hi, model: 'test-model', temperature: 0.2, seed: 7, top_p: 0.9 });
  });

  it('retries 500 and 429 with backoff, then succeeds', async () => {
    const client = await clientFor(({ index }) => (index === 0 ? reply.error(500) : index === 1 ? reply.error(429) : reply.answer('ok')));
    expect((await client.chat({ messages: hi })).content).toBe('ok');
    expect(upstream!.requests).toHaveLength(3);
  });

  it('retries a connection reset', async () => {
    const client = await clientFor(({ index }) => (index === 0 ? { reset: true } : reply.answer('after reset')));
    expect((await client.chat({ messages: hi })).content).toBe('after reset');
  });

  it('gives up after maxRetries with the upstream status and message', async () => {
    const client = await clientFor(() => reply.error(503, 'overloaded'), { maxRetries: 1 });
    const err = await rejection(client.chat({ messages: hi }));
    expect(err.code).toBe('upstream_error');
    expect(err.status).toBe(503);
    expect(err.message).toContain('overloaded');
    expect(upstream!.requests).toHaveLength(2);
  });

  it('does not retry a 400 and keeps its status', async () => {
    const client = await clientFor(() => reply.error(400, 'bad model'));
    const err = await rejection(client.chat({ messages: hi }));
    expect(err.status).toBe(400);
    expect(upstream!.requests).toHaveLength(1);
  });

  it('times out a hanging upstream without retrying', async () => {
    const client = await clientFor(() => ({ hang: true }), { timeoutMs: 150 });
    const started = Date.now();
    const err = await rejection(client.chat({ messages: hi }));
    expect(err.code).toBe('upstream_timeout');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(upstream!.requests).toHaveLength(1);
  });

  it('reports an unreachable upstream clearly', async () => {
    const client = new LlmClient({ baseUrl: 'http://127.0.0.1:1/v1', model: 'm', maxRetries: 0 });
    const err = await rejection(client.chat({ messages: hi }));
    expect(err.code).toBe('upstream_error');
    expect(err.message).toMatch(/Cannot reach upstream/);
  });

  it('rejects an answer without choices and a non-JSON answer', async () => {
    const client = await clientFor(({ index }) => (index === 0 ? { json: { nope: true } } : { text: '<html>proxy</html>' }));
    expect((await rejection(client.chat({ messages: hi }))).message).toMatch(/no choices/);
    expect((await rejection(client.chat({ messages: hi }))).message).toMatch(/unreadable/);
  });

  it('caches identical requests by content hash', async () => {
    const cache = new MemoryLlmCache(10);
    const client = await clientFor(({ index }) => reply.answer(`answer ${index}`), { cache });
    const a = await client.chat({ messages: hi, temperature: 0 });
    const b = await client.chat({ temperature: 0, messages: [{ content: 'hi', role: 'user' }] });
    const c = await client.chat({ messages: hi, temperature: 1 });
    expect(a.content).toBe('answer 0');
    expect(b.content).toBe('answer 0');
    expect(c.content).toBe('answer 1');
    expect(upstream!.requests).toHaveLength(2);
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => new LlmClient({ baseUrl: 'ftp://x', model: 'm' })).toThrow(/http/);
    expect(() => new LlmClient({ baseUrl: 'not a url', model: 'm' })).toThrow(/not a URL/);
  });
});

describe('LlmClient.chatStream', () => {
  it('yields deltas that join into the answer and sends stream: true', async () => {
    const client = await clientFor(() => reply.stream('Hello, streaming world!', 4));
    const chunks = await collect(client.chatStream({ messages: hi }));
    expect(chunks.map((c) => c.delta).join('')).toBe('Hello, streaming world!');
    expect(chunks.at(-1)?.finishReason).toBe('stop');
    expect(upstream!.requests[0].body.stream).toBe(true);
  });

  it('fails clearly on a reset mid-stream after yielding what arrived', async () => {
    const client = await clientFor(() => ({ sse: completionChunks('abcdefghijklmnop', { pieceSize: 2 }), resetAfter: 3 }));
    const seen: string[] = [];
    const err = await rejection(
      (async () => {
        for await (const chunk of client.chatStream({ messages: hi })) seen.push(chunk.delta);
      })(),
    );
    expect(err.message).toMatch(/broke off/);
    expect(seen.join('')).toBe('abcd');
  });

  it('fails on a malformed chunk', async () => {
    const chunks = completionChunks('abc');
    const client = await clientFor(() => ({ sse: [chunks[0], '{"choices": [ {"delta": ', chunks[1]] }));
    expect((await rejection(collect(client.chatStream({ messages: hi })))).message).toMatch(/malformed stream chunk/);
  });

  it('fails when the stream ends without finishing, and when it stalls', async () => {
    const chunks = completionChunks('abc').slice(0, 2);
    const client = await clientFor(({ index }) => (index === 0 ? { sse: chunks, noDone: true } : { sse: chunks, stallAfter: 2 }), { timeoutMs: 200 });
    expect((await rejection(collect(client.chatStream({ messages: hi })))).message).toMatch(/ended before/);
    expect((await rejection(collect(client.chatStream({ messages: hi })))).code).toBe('upstream_timeout');
  });

  it('surfaces an error object sent mid-stream', async () => {
    const client = await clientFor(() => ({ sse: [{ error: { message: 'context length exceeded' } }] }));
    expect((await rejection(collect(client.chatStream({ messages: hi })))).message).toMatch(/context length exceeded/);
  });

  it('retries a 500 before the stream starts', async () => {
    const client = await clientFor(({ index }) => (index === 0 ? reply.error(500) : reply.stream('fine')));
    const chunks = await collect(client.chatStream({ messages: hi }));
    expect(chunks.map((c) => c.delta).join('')).toBe('fine');
  });

  it('stops early without error when the consumer breaks', async () => {
    const client = await clientFor(() => ({ sse: completionChunks('x'.repeat(200), { pieceSize: 1 }), chunkDelayMs: 1 }));
    let count = 0;
    for await (const _chunk of client.chatStream({ messages: hi })) if (++count === 3) break;
    expect(count).toBe(3);
  });
});

describe('LlmClient.chatJson', () => {
  const Verdict = z.object({ verdict: z.enum(['allow', 'refuse']), rules: z.array(z.string()) });

  it('parses a verdict wrapped in prose and a fence with a trailing comma', async () => {
    const client = await clientFor(() => reply.answer('Sure.\n```json\n{"verdict": "refuse", "rules": ["D1",],}\n```\nHope that helps.'));
    expect(await client.chatJson({ messages: hi }, Verdict)).toEqual({ verdict: 'refuse', rules: ['D1'] });
    expect(upstream!.requests[0].body.temperature).toBe(0);
  });

  it('asks once more when the first answer is not valid, then fails clearly', async () => {
    const client = await clientFor(({ index }) => reply.answer(index === 0 ? 'I think it is fine' : '{"verdict": "allow", "rules": []}'));
    expect(await client.chatJson({ messages: hi }, Verdict)).toEqual({ verdict: 'allow', rules: [] });
    await upstream!.close();
    const bad = await clientFor(() => ({ json: completion('{"verdict": "maybe"}') }));
    expect((await rejection(bad.chatJson({ messages: hi }, Verdict))).message).toMatch(/not the expected JSON verdict/);
  });
});
