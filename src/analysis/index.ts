// Public API of the detector and fixer.
export { scanCode, MAX_SCAN_BYTES } from './engine.js';
export { fixCode, type FixResult, type AppliedFix } from './fix.js';
export { loadRules, defaultRuleIndex, RuleIndex, type Rule } from './rules.js';
export { normalizeLanguage, languageFromPath, LANGUAGES, type LanguageId } from './languages.js';
export * from './types.js';
export { extractCode, type CodeBlock } from './extract.js';
export { detectLanguage } from './detect-language.js';
