import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sseData } from '../../src/llm/index.js';
import { completionChunks, reply } from '../support/scripted-openai.js';
import { BENIGN, CLEAN_ANSWER, MALICIOUS, VULNERABLE_ANSWER, chatBody, startGateway, type Gateway } from './gateway-harness.js';

let gateway: Gateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

interface StreamResult {
  status: number;
  headers: Headers;
  events: Array<Record<string, unknown>>;
  /** Concatenated delta.content. */
  text: string;
  done: boolean;
  /** Milliseconds after the request when each content delta arrived. */
  arrivals: Array<{ at: number; text: string }>;
}

async function streamChat(body: unknown): Promise<StreamResult> {
  await gateway!.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = gateway!.app.server.address() as AddressInfo;
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const result: StreamResult = { status: res.status, headers: res.headers, events: [], text: '', done: false, arrivals: [] };
  if (!res.headers.get('content-type')?.startsWith('text/event-stream')) {
    result.events.push((await res.json()) as Record<string, unknown>);
    return result;
  }
  for await (const data of sseData(res.body as AsyncIterable<Uint8Array>)) {
    if (data === '[DONE]') {
      result.done = true;
      continue;
    }
    const event = JSON.parse(data) as { choices?: Array<{ delta?: { content?: string } }> };
    result.events.push(event);
    const delta = event.choices?.[0]?.delta?.content;
    if (delta) {
      result.text += delta;
      result.arrivals.push({ at: performance.now() - started, text: delta });
    }
  }
  return result;
}

const lastChoice = (r: StreamResult) => (r.events.at(-1) as { choices: Array<{ finish_reason: string }> }).choices[0];

describe('POST /v1/chat/completions (streaming)', () => {
  it('streams a clean answer through in OpenAI chunk format', async () => {
    gateway = await startGateway(() => reply.stream(CLEAN_ANSWER, 5));
    const r = await streamChat(chatBody(BENIGN, { stream: true }));
    expect(r.status).toBe(200);
    expect(r.headers.get('x-codeward-action')).toBe('passed');
    expect(r.text).toBe(CLEAN_ANSWER);
    expect(r.done).toBe(true);
    expect(r.events[0]).toMatchObject({ object: 'chat.completion.chunk', choices: [{ delta: { role: 'assistant' } }] });
    expect(lastChoice(r).finish_reason).toBe('stop');
    expect(gateway.chatRequests()[0].body.stream).toBe(true);
    expect(gateway.audit.query()[0]).toMatchObject({ stream: true, action: 'passed' });
  });

  it('releases prose before the code block finishes and delivers the code fixed', async () => {
    gateway = await startGateway(() => ({ sse: completionChunks(VULNERABLE_ANSWER, { pieceSize: 6 }), chunkDelayMs: 15 }), { refiner: { enabled: false } });
    const r = await streamChat(chatBody(BENIGN, { stream: true }));
    expect(r.text).toContain('yaml.safe_load(f)');
    expect(r.text).not.toContain('yaml.load(f)');
    expect(r.text).toMatch(/codeward fixed this code/);
    const codeArrival = r.arrivals.find((a) => a.text.includes('```python'))!;
    const firstProse = r.arrivals.find((a) => a.text.includes('Here'))!;
    // The prose arrived while the model was still writing the code block (chunks are 15 ms apart).
    expect(codeArrival.at - firstProse.at).toBeGreaterThan(100);
    expect(codeArrival.text).toContain('yaml.safe_load(f)\n```');
    const last = r.events.at(-1) as { codeward: { action: string } };
    expect(last.codeward.action).toBe('fixed');
    expect(gateway.audit.query()[0].action).toBe('fixed');
  });

  it('streams a refusal for a blocked request', async () => {
    gateway = await startGateway(() => reply.stream('never'));
    const r = await streamChat(chatBody(MALICIOUS, { stream: true }));
    expect(r.headers.get('x-codeward-action')).toBe('blocked');
    expect(r.text).toMatch(/I can't help/);
    expect((r.events[1] as { choices: Array<{ delta: { refusal: string } }> }).choices[0].delta.refusal).toMatch(/I can't help/);
    expect(lastChoice(r).finish_reason).toBe('content_filter');
    expect(gateway.upstream.requests).toHaveLength(0);
  });

  it('answers a JSON 502 when the upstream fails before streaming', async () => {
    gateway = await startGateway(() => reply.error(500, 'down'));
    const r = await streamChat(chatBody(BENIGN, { stream: true }));
    expect(r.status).toBe(502);
    expect(r.events[0]).toMatchObject({ error: { code: 'upstream_error' } });
  });

  it('ends with an error event, never unreviewed code, when the upstream resets mid-stream', async () => {
    gateway = await startGateway(() => ({ sse: completionChunks(VULNERABLE_ANSWER, { pieceSize: 10 }), resetAfter: 6 }));
    const r = await streamChat(chatBody(BENIGN, { stream: true }));
    expect(r.status).toBe(200);
    expect(r.done).toBe(false);
    expect(r.events.at(-1)).toMatchObject({ error: { code: 'upstream_error', message: expect.stringMatching(/broke off/) } });
    expect(r.text).not.toContain('yaml.load');
    expect(gateway.audit.query()[0]).toMatchObject({ action: 'error' });
  });

  it('ends with an error event on a malformed chunk', async () => {
    const chunks = completionChunks(CLEAN_ANSWER, { pieceSize: 10 });
    gateway = await startGateway(() => ({ sse: [...chunks.slice(0, 3), '{"choices": [{"delta": {"content": "x"', ...chunks.slice(3)] }));
    const r = await streamChat(chatBody(BENIGN, { stream: true }));
    expect(r.events.at(-1)).toMatchObject({ error: { message: expect.stringMatching(/malformed stream chunk/) } });
  });

  it('ends with a timeout error when the upstream stalls mid-stream', async () => {
    gateway = await startGateway(() => ({ sse: completionChunks(CLEAN_ANSWER, { pieceSize: 10 }), stallAfter: 3 }), { upstream: { timeoutMs: 200 } });
    const r = await streamChat(chatBody(BENIGN, { stream: true }));
    expect(r.events.at(-1)).toMatchObject({ error: { code: 'upstream_timeout' } });
  });

  it('cancels the upstream call when the client goes away mid-stream', async () => {
    gateway = await startGateway(() => ({ sse: completionChunks('x'.repeat(400), { pieceSize: 4 }), chunkDelayMs: 20 }));
    await gateway.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = gateway.app.server.address() as AddressInfo;
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chatBody(BENIGN, { stream: true })), signal: controller.signal });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [row] = gateway.audit.query();
    expect(row.action).toBe('error');
    expect(row.error).toMatch(/cancelled|broke off|abort/i);
    expect((row.answer ?? '').length).toBeLessThan(400);
  });

  it('forwards tool-call deltas and their finish reason unchanged', async () => {
    const base = { id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm' };
    const call = { index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } };
    gateway = await startGateway(() => ({
      sse: [
        { ...base, choices: [{ index: 0, delta: { role: 'assistant', tool_calls: [call] }, finish_reason: null }] },
        { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] }, finish_reason: null }] },
        { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
      ],
    }));
    const r = await streamChat(chatBody(BENIGN, { stream: true, tools: [{ type: 'function', function: { name: 'get_weather', parameters: {} } }] }));
    const deltas = r.events.map((e) => (e as { choices: Array<{ delta: { tool_calls?: unknown[] } }> }).choices[0].delta.tool_calls).filter(Boolean);
    expect(deltas).toEqual([[call], [{ index: 0, function: { arguments: '"Oslo"}' } }]]);
    expect(lastChoice(r).finish_reason).toBe('tool_calls');
    expect(gateway.chatRequests()[0].body.tools[0].function.name).toBe('get_weather');
  });

  it('warns and appends a fixed version when unfenced code streamed through', async () => {
    const unfenced = 'import yaml\n\ndef load(path):\n    with open(path) as f:\n        return yaml.load(f)\n';
    gateway = await startGateway(() => reply.stream(unfenced, 8), { refiner: { enabled: false } });
    const r = await streamChat(chatBody(BENIGN, { stream: true }));
    expect(r.text.startsWith(unfenced)).toBe(true);
    expect(r.text).toMatch(/codeward warning: the code above has security issues[\s\S]*yaml\.safe_load\(f\)/);
  });
});
