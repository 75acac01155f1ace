// The OpenAI chat-completions shapes codeward sends and reads; only the fields codeward uses are typed,
// everything else passes through untouched (unknown request fields, extra response fields).

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool' | 'developer' | string;
  content: string | null | Array<{ type: string; text?: string; [key: string]: unknown }>;
  [key: string]: unknown;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** Overrides the client's default model for this call. */
  model?: string;
  temperature?: number;
  max_tokens?: number;
  response_format?: unknown;
  /** Any other OpenAI (or vendor) field; forwarded verbatim. */
  [key: string]: unknown;
}

export interface ChatUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  [key: string]: unknown;
}

export interface ChatResult {
  content: string;
  finishReason: string | null;
  usage?: ChatUsage;
  /** The upstream's JSON body as received. */
  raw: Record<string, unknown>;
}

/** One parsed SSE chunk of a streaming completion. */
export interface ChatStreamChunk {
  /** Text added by this chunk to choice 0 (empty for role-only or finish chunks). */
  delta: string;
  finishReason: string | null;
  usage?: ChatUsage;
  /** The chunk object as received, for re-emitting it unchanged. */
  raw: Record<string, unknown>;
}

/** Text of a message whatever its content shape (string or array of parts). */
export function messageText(message: Pick<ChatMessage, 'content'>): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => (part && typeof part.text === 'string' ? part.text : ''))
    .filter(Boolean)
    .join('\n');
}
