// The code a `{context, selector}` pattern matches: the selector's node cut out of the parsed context.
// The prefilter anchors on that part only, not on the scaffolding around it (`int _ = ...;`, `class A {`).
import { parse } from '@ast-grep/napi';
import { astGrepLanguage, ensureLanguagesRegistered, normalizeLanguage } from './languages.js';
import { METAVAR } from './prefilter.js';

/**
 * The selected part of a context pattern, metavariables intact; undefined when the language is unknown
 * or the selector kind does not occur (the caller then derives no anchors from it, which is safe).
 */
export function selectedPatternText(context: string, selector: string, language: string): string | undefined {
  const id = normalizeLanguage(language);
  if (!id) return undefined;
  // Metavariables are not valid code in every grammar: parse plain identifiers in their place.
  const names: string[] = [];
  const code = context.replace(METAVAR, (name) => `cwMetavar${names.push(name) - 1}x`);
  try {
    ensureLanguagesRegistered();
    const node = parse(astGrepLanguage(id) as never, code).root().find({ rule: { kind: selector } } as never);
    return node?.text().replace(/cwMetavar(\d+)x/g, (_, i: string) => names[Number(i)]);
  } catch {
    return undefined;
  }
}
