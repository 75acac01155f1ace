// Errors as values with a stable code and a message that tells the user what to do next.
// Every layer throws or returns CodewardError; surfaces map the code to exit codes or HTTP statuses.

export type ErrorCode =
  | 'invalid_input'
  | 'unsupported_language'
  | 'file_unreadable'
  | 'parse_timeout'
  | 'sandbox_unavailable'
  | 'queue_full'
  | 'upstream_error'
  | 'upstream_timeout'
  | 'not_configured'
  | 'content_filter'
  | 'unauthorized'
  | 'rate_limited'
  | 'internal_error';

export class CodewardError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, hint?: string) {
    super(hint ? `${message} ${hint}` : message);
    this.name = 'CodewardError';
    this.code = code;
    this.hint = hint;
  }
}

export function isCodewardError(value: unknown): value is CodewardError {
  return value instanceof CodewardError;
}

/** The message of anything thrown, without assuming it is an Error. */
export function errorMessage(value: unknown): string {
  if (value instanceof Error) return value.message;
  return String(value);
}
