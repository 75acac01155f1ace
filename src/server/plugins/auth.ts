// Client authentication and rate limits for every route but /healthz: API keys are compared as
// SHA-256 digests in constant time (the config holds digests only); limits are per key, else per IP.
import { createHash, timingSafeEqual } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { CodewardError } from '../../shared/errors.js';
import { sendError } from '../errors.js';
import type { PluginOptions } from '../plugins.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** A short fingerprint of the authenticated key's digest (never the key), for logs and limits. */
    codewardClient?: string;
  }
}

const PUBLIC_PATHS = new Set(['/healthz']);

function presentedKey(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (typeof auth === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (match) return match[1].trim();
  }
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header ? header.trim() : undefined;
}

/** Index of the matching digest or -1; every digest is compared so timing does not reveal which. */
export function matchKey(key: string, digests: Buffer[]): number {
  const presented = createHash('sha256').update(key, 'utf8').digest();
  let found = -1;
  digests.forEach((digest, i) => {
    if (digest.length === presented.length && timingSafeEqual(digest, presented) && found === -1) found = i;
  });
  return found;
}

const authPlugin: FastifyPluginAsync<PluginOptions> = async (app, { context }) => {
  const server = context.config?.server;
  if (!server) return;
  const digests = server.apiKeys.map((k) => Buffer.from(k.replace(/^sha256:/, ''), 'hex'));
  if (digests.length > 0) {
    app.addHook('onRequest', async (request, reply) => {
      if (PUBLIC_PATHS.has(request.url.split('?')[0])) return;
      const key = presentedKey(request);
      const index = key === undefined ? -1 : matchKey(key, digests);
      if (index === -1) {
        const message = key === undefined ? 'Missing API key: send "Authorization: Bearer <key>".' : 'Invalid API key.';
        return sendError(reply, new CodewardError('unauthorized', message));
      }
      request.codewardClient = createHash('sha256').update(digests[index]).digest('hex').slice(0, 12);
    });
  }
  if (server.rateLimit.enabled) {
    await app.register(rateLimit, {
      max: server.rateLimit.max,
      timeWindow: server.rateLimit.windowMs,
      keyGenerator: (request) => request.codewardClient ?? request.ip,
      allowList: (request) => PUBLIC_PATHS.has(request.url.split('?')[0]),
      errorResponseBuilder: (_request, ctx) => new CodewardError('rate_limited', `Rate limit exceeded: ${ctx.max} requests per ${Math.round(server.rateLimit.windowMs / 1000)} s.`, `Retry in ${ctx.after}.`),
    });
  }
};

// Authentication and limits must cover the routes of every other plugin, not only this one's.
(authPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

export default authPlugin;
