// Content-hash cache for non-streaming completions: the same request to the same model returns the
// stored answer. In-memory LRU by default; any store implementing LlmCache can be plugged in.
import { createHash } from 'node:crypto';
import type { ChatResult } from './types.js';

export interface LlmCache {
  get(key: string): ChatResult | undefined;
  set(key: string, value: ChatResult): void;
}

/** Stable JSON: object keys sorted so logically equal requests hash equally. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function cacheKey(baseUrl: string, body: Record<string, unknown>): string {
  return createHash('sha256').update(baseUrl).update('\0').update(canonical(body)).digest('hex');
}

export class MemoryLlmCache implements LlmCache {
  private readonly entries = new Map<string, ChatResult>();

  constructor(private readonly maxEntries = 1000) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): ChatResult | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Re-insert to mark as most recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: ChatResult): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
