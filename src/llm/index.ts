// Public API of the LLM client: the only way codeward talks to a model.
export { LlmClient, chatResultFrom, type LlmClientOptions, type CallOptions } from './client.js';
export { MemoryLlmCache, cacheKey, type LlmCache } from './cache.js';
export { UpstreamError } from './errors.js';
export { parseLooseJson } from './json-verdict.js';
export { sseData } from './sse.js';
export { messageText, type ChatMessage, type ChatRequest, type ChatResult, type ChatStreamChunk, type ChatUsage } from './types.js';
