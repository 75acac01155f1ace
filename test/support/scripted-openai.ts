// A real OpenAI-compatible HTTP server on loopback that answers from a script, the one test double
// codeward allows (it stands in for an LLM). Supports JSON and SSE replies and faults: delays, hangs,
// HTTP errors, connection resets (also mid-stream) and malformed chunks.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ScriptedRequest {
  method: string;
  /** Path without the /v1 prefix, e.g. /chat/completions. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or the raw text when it is not JSON, or undefined when empty. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** 0-based position of this request among all received. */
  index: number;
}

export type ScriptedReply =
  | { json: unknown; status?: number; headers?: Record<string, string>; delayMs?: number }
  | { text: string; status?: number; contentType?: string; delayMs?: number }
  | {
      /** Objects are sent as JSON; strings are sent verbatim as the data payload (for malformed chunks). */
      sse: Array<unknown>;
      delayMs?: number;
      /** Pause before each chunk. */
      chunkDelayMs?: number;
      /** Reset the connection after this many chunks. */
      resetAfter?: number;
      /** Stop after the chunks and hang (no [DONE], no end): a stalled stream. */
      stallAfter?: number;
      /** Omit the final `data: [DONE]`. */
      noDone?: boolean;
    }
  | { reset: true; delayMs?: number }
  | { hang: true };

export type ScriptedHandler = (request: ScriptedRequest) => ScriptedReply | undefined | Promise<ScriptedReply | undefined>;

export interface ScriptedOpenAI {
  /** Base URL including /v1, ready for LlmClient({baseUrl}). */
  url: string;
  requests: ScriptedRequest[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A chat.completion body answering `content`. */
export function completion(content: string, options: { finishReason?: string; model?: string } = {}): Record<string, unknown> {
  return {
    id: 'chatcmpl-scripted',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: options.model ?? 'scripted-model',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: options.finishReason ?? 'stop' }],
    usage: { prompt_tokens: 10, completion_tokens: Math.ceil(content.length / 4), total_tokens: 10 + Math.ceil(content.length / 4) },
  };
}

/** chat.completion.chunk objects streaming `content` in pieces of `pieceSize` characters. */
export function completionChunks(content: string, options: { pieceSize?: number; finishReason?: string; model?: string } = {}): Record<string, unknown>[] {
  const base = { id: 'chatcmpl-scripted', object: 'chat.completion.chunk', created: 1_700_000_000, model: options.model ?? 'scripted-model' };
  const size = options.pieceSize ?? 7;
  const chunks: Record<string, unknown>[] = [{ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }];
  for (let i = 0; i < content.length; i += size) {
    chunks.push({ ...base, choices: [{ index: 0, delta: { content: content.slice(i, i + size) }, finish_reason: null }] });
  }
  chunks.push({ ...base, choices: [{ index: 0, delta: {}, finish_reason: options.finishReason ?? 'stop' }] });
  return chunks;
}

/** Shorthands for the common replies. */
export const reply = {
  answer: (content: string): ScriptedReply => ({ json: completion(content) }),
  stream: (content: string, pieceSize?: number): ScriptedReply => ({ sse: completionChunks(content, { pieceSize }) }),
  error: (status: number, message = 'scripted failure'): ScriptedReply => ({
    status,
    json: { error: { message, type: status >= 500 ? 'server_error' : 'invalid_request_error', param: null, code: null } },
  }),
};

function destroyWithReset(socket: Socket): void {
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

async function send(res: ServerResponse, socket: Socket, script: ScriptedReply): Promise<void> {
  if ('hang' in script) return;
  if (script.delayMs) await sleep(script.delayMs);
  if ('reset' in script) {
    destroyWithReset(socket);
    return;
  }
  if ('json' in script) {
    res.writeHead(script.status ?? 200, { 'content-type': 'application/json', ...script.headers });
    res.end(JSON.stringify(script.json));
    return;
  }
  if ('text' in script) {
    res.writeHead(script.status ?? 200, { 'content-type': script.contentType ?? 'text/plain' });
    res.end(script.text);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.flushHeaders();
  for (let i = 0; i < script.sse.length; i++) {
    if (script.resetAfter !== undefined && i >= script.resetAfter) {
      // A reset discards unsent bytes: let the chunks already written reach the client first.
      await sleep(25);
      destroyWithReset(socket);
      return;
    }
    if (script.stallAfter !== undefined && i >= script.stallAfter) return;
    if (script.chunkDelayMs) await sleep(script.chunkDelayMs);
    const chunk = script.sse[i];
    res.write(`data: ${typeof chunk === 'string' ? chunk : JSON.stringify(chunk)}\n\n`);
  }
  if (script.resetAfter !== undefined && script.resetAfter >= script.sse.length) {
    await sleep(25);
    destroyWithReset(socket);
    return;
  }
  if (script.stallAfter !== undefined) return;
  if (!script.noDone) res.write('data: [DONE]\n\n');
  res.end();
}

/** Starts the scripted upstream on an ephemeral loopback port. */
export async function startScriptedOpenAI(handler: ScriptedHandler): Promise<ScriptedOpenAI> {
  const requests: ScriptedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const request: ScriptedRequest = {
      method: req.method ?? 'GET',
      path: (req.url ?? '/').replace(/^\/v1/, '').split('?')[0],
      headers: req.headers,
      body,
      index: requests.length,
    };
    requests.push(request);
    try {
      const script = await handler(request);
      await send(res, req.socket, script ?? reply.error(404, `scripted upstream has no answer for ${request.method} ${request.path}`));
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `scripted handler threw: ${String(err)}`, type: 'server_error' } }));
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
