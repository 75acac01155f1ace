// POST /v1/scan and POST /v1/fix: the detector and fixer over HTTP, for code with an optional
// language or for a whole LLM answer ({text}) whose code blocks are extracted first. Large inputs run in a worker pool with a deadline.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { detectLanguage } from '../../analysis/detect-language.js';
import { extractCode, type CodeBlock } from '../../analysis/extract.js';
import { LANGUAGES, normalizeLanguage } from '../../analysis/languages.js';
import { defaultRuleIndex } from '../../analysis/rules.js';
import { toSarif } from '../../analysis/sarif.js';
import { JobRunner } from '../../analysis/scan-files.js';
import { SEVERITIES } from '../../analysis/types.js';
import type { ErrorCode } from '../../shared/errors.js';
import { openAIError, statusForCode } from '../errors.js';
import type { PluginOptions } from '../plugins.js';

const codeInput = z.object({
  code: z.string(),
  language: z.string().optional(),
});
const textInput = z.object({ text: z.string() });

const scanBody = z.union([
  codeInput.extend({ min_severity: z.enum(SEVERITIES).optional(), format: z.enum(['json', 'sarif']).optional() }).strict(),
  textInput.extend({ min_severity: z.enum(SEVERITIES).optional(), format: z.enum(['json', 'sarif']).optional() }).strict(),
]);
const fixBody = z.union([codeInput.strict(), textInput.strict()]);

type PoolError = { code: ErrorCode; message: string };

function badRequest(reply: FastifyReply, error: z.ZodError): FastifyReply {
  const issue = error.issues[0];
  const param = issue?.path.length ? issue.path.join('.') : null;
  const message = 'Send {"code": "...", "language": "python"} or {"text": "<an LLM answer>"}'
    + ` (languages: ${LANGUAGES.join(', ')}). Problem: ${issue ? `${param ?? 'body'}: ${issue.message}` : 'invalid body'}.`;
  return reply.code(400).send(openAIError(message, 400, 'invalid_request', param));
}

function sendFailure(reply: FastifyReply, error: PoolError, param: string | null = null): FastifyReply {
  const status = statusForCode(error.code) ?? 500;
  return reply.code(status).send(openAIError(error.message, status, error.code, param));
}

/** The language to use for bare code: the named one, or a guess; an error when neither works. */
function resolveLanguage(code: string, language: string | undefined): { language: string } | { error: PoolError } {
  if (language !== undefined) {
    return normalizeLanguage(language)
      ? { language }
      : { error: { code: 'unsupported_language', message: `Unknown language "${language}"; use one of ${LANGUAGES.join(', ')}.` } };
  }
  const guessed = detectLanguage(code, 1);
  return guessed ? { language: guessed } : { error: { code: 'unsupported_language', message: 'Cannot tell the language of this code; pass "language".' } };
}

/** Re-applies the fence's indentation that extractCode removed, so the fixed block fits back in. */
function reindent(text: string, block: CodeBlock, fixed: string): string {
  const originalFirst = text.slice(block.startIndex).split('\n')[0].replace(/\r$/, '');
  const codeFirst = block.code.split('\n')[0];
  const indent = originalFirst.slice(0, Math.max(0, originalFirst.length - codeFirst.length));
  return indent ? fixed.split('\n').map((l) => (l ? indent + l : l)).join('\n') : fixed;
}

const codePlugin: FastifyPluginAsync<PluginOptions> = async (app) => {
  // Small code runs in-process (milliseconds); large code goes to a worker pool with a deadline.
  const runner = new JobRunner({});
  const getPool = () => runner;
  app.addHook('onClose', async () => {
    await runner.close();
  });

  app.post('/v1/scan', async (request, reply) => {
    const parsed = scanBody.safeParse(request.body);
    if (!parsed.success) return badRequest(reply, parsed.error);
    const body = parsed.data;
    const minSeverity = body.min_severity;
    const items: { path: string; code: string; language: string; block?: CodeBlock }[] = [];
    if ('code' in body) {
      const resolved = resolveLanguage(body.code, body.language);
      if ('error' in resolved) return sendFailure(reply, resolved.error, 'language');
      items.push({ path: 'code', code: body.code, language: resolved.language });
    } else {
      extractCode(body.text).forEach((block, i) => {
        if (block.language) items.push({ path: `block-${i + 1}.${block.language}`, code: block.code, language: block.language, block });
      });
    }
    const results = await Promise.all(
      items.map(async (item) => {
        const out = await getPool().run({ kind: 'scan', code: item.code, language: item.language, minSeverity });
        const scan = out.scan ?? { language: item.language, findings: [], durationMs: 0, error: out.error };
        return { path: item.path, ...scan, ...(item.block ? { block: { startIndex: item.block.startIndex, endIndex: item.block.endIndex, fenced: item.block.fenced } } : {}) };
      }),
    );
    if ('code' in body && results[0].error) return sendFailure(reply, results[0].error as PoolError);
    if (body.format === 'sarif') return toSarif(results, { rules: defaultRuleIndex(), baseDir: '/' });
    const findings = results.reduce((n, r) => n + r.findings.length, 0);
    return { object: 'codeward.scan', findings: findings, results };
  });

  app.post('/v1/fix', async (request, reply) => {
    const parsed = fixBody.safeParse(request.body);
    if (!parsed.success) return badRequest(reply, parsed.error);
    const body = parsed.data;
    if ('code' in body) {
      const resolved = resolveLanguage(body.code, body.language);
      if ('error' in resolved) return sendFailure(reply, resolved.error, 'language');
      const out = await getPool().run({ kind: 'fix', code: body.code, language: resolved.language });
      if (!out.fix) return sendFailure(reply, out.error ?? { code: 'internal_error', message: 'Fix failed.' });
      if (out.fix.error) return sendFailure(reply, out.fix.error as PoolError);
      return { object: 'codeward.fix', ...out.fix };
    }
    const blocks = extractCode(body.text).filter((b) => b.language);
    const fixes = await Promise.all(blocks.map((b) => getPool().run({ kind: 'fix', code: b.code, language: b.language! })));
    // Splice fixed blocks back from the end so earlier offsets stay valid.
    let text = body.text;
    for (let i = blocks.length - 1; i >= 0; i--) {
      const fix = fixes[i].fix;
      if (fix && !fix.error && fix.code !== blocks[i].code) {
        text = text.slice(0, blocks[i].startIndex) + reindent(body.text, blocks[i], fix.code) + text.slice(blocks[i].endIndex);
      }
    }
    const results = blocks.map((b, i) => ({
      language: b.language,
      startIndex: b.startIndex,
      endIndex: b.endIndex,
      applied: fixes[i].fix?.applied ?? [],
      remaining: fixes[i].fix?.remaining ?? [],
      ...(fixes[i].error || fixes[i].fix?.error ? { error: fixes[i].error ?? fixes[i].fix?.error } : {}),
    }));
    return { object: 'codeward.fix', text, results };
  });
};

export default codePlugin;
