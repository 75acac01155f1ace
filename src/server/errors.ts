// OpenAI-style error objects for every failure a route can produce, so clients written for the
// OpenAI API parse codeward's errors unchanged.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { CodewardError, type ErrorCode } from '../shared/errors.js';

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_input: 400,
  unsupported_language: 400,
  file_unreadable: 400,
  parse_timeout: 422,
  content_filter: 400,
  unauthorized: 401,
  rate_limited: 429,
  queue_full: 429,
  not_configured: 503,
  sandbox_unavailable: 503,
  upstream_error: 502,
  upstream_timeout: 504,
  internal_error: 500,
};

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  404: 'not_found_error',
  413: 'invalid_request_error',
  415: 'invalid_request_error',
  422: 'invalid_request_error',
  429: 'rate_limit_error',
};

export function openAIError(message: string, status: number, code: string | null = null, param: string | null = null): OpenAIErrorBody {
  const type = TYPE_BY_STATUS[status] ?? (status >= 500 ? 'server_error' : 'invalid_request_error');
  return { error: { message, type, param, code } };
}

export function statusForCode(code: ErrorCode): number {
  return STATUS_BY_CODE[code];
}

/** Sends a CodewardError (or any thrown value) as an OpenAI error object. */
export function sendError(reply: FastifyReply, err: unknown, param: string | null = null): FastifyReply {
  if (err instanceof CodewardError) {
    const status = statusForCode(err.code);
    return reply.code(status).send(openAIError(err.message, status, err.code, param));
  }
  return reply.code(500).send(openAIError('Internal error; see the server log.', 500, 'internal_error'));
}

/** Fastify-level errors (body parse, size limit, schema validation) mapped to OpenAI error objects. */
export function fastifyErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof CodewardError) {
    void sendError(reply, error);
    return;
  }
  if (error.validation) {
    const first = error.validation[0];
    const param = first?.instancePath ? first.instancePath.replace(/^\//, '').replace(/\//g, '.') : null;
    void reply.code(400).send(openAIError(`Invalid request: ${error.message}`, 400, 'invalid_request', param));
    return;
  }
  const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  const message =
    status === 413
      ? 'Request body too large.'
      : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'Unsupported content type; send application/json.'
        : status >= 500
          ? 'Internal error; see the server log.'
          : error.message;
  void reply.code(status).send(openAIError(message, status, error.code?.toLowerCase() ?? null));
}
