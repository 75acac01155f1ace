// Upstream failures as CodewardErrors that also carry the upstream's HTTP status (when there was one),
// so the gateway can pass a client mistake (4xx) through and map transport failures to 502/504.
import { CodewardError } from '../shared/errors.js';

export class UpstreamError extends CodewardError {
  /** The upstream's HTTP status; undefined for transport failures (refused, reset, timed out). */
  readonly status?: number;
  /** The upstream's OpenAI error `code`/`type`, when it sent an error object. */
  readonly upstreamCode?: string;

  constructor(code: 'upstream_error' | 'upstream_timeout', message: string, status?: number, upstreamCode?: string) {
    super(code, message);
    this.name = 'UpstreamError';
    this.status = status;
    this.upstreamCode = upstreamCode;
  }
}

/** The message of an OpenAI-style error body, or a trimmed excerpt of whatever the upstream sent. */
export function upstreamErrorDetail(bodyText: string): { message: string; code?: string } {
  try {
    const parsed = JSON.parse(bodyText) as { error?: { message?: unknown; code?: unknown; type?: unknown } | string };
    if (typeof parsed.error === 'string') return { message: parsed.error };
    if (parsed.error && typeof parsed.error.message === 'string') {
      const code = typeof parsed.error.code === 'string' ? parsed.error.code : typeof parsed.error.type === 'string' ? parsed.error.type : undefined;
      return { message: parsed.error.message, code };
    }
  } catch {
    // not JSON: fall through to the excerpt
  }
  const excerpt = bodyText.replace(/\s+/g, ' ').trim().slice(0, 200);
  return { message: excerpt || 'no error body' };
}
