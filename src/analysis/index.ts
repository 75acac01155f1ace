// Public API of the detector and fixer: scan and fix code (in-process, or files under a per-file
// deadline), pull code out of LLM answers, and report as text, JSON or SARIF.
export { scanCode, scanCode as scan, MAX_SCAN_BYTES, type ScanOptions } from './engine.js';
export { fixCode, fixCode as fix, type FixResult, type AppliedFix, type FixOptions } from './fix.js';
export { loadRules, defaultRuleIndex, RuleIndex, type Rule } from './rules.js';
export { normalizeLanguage, languageFromPath, LANGUAGES, type LanguageId } from './languages.js';
export * from './types.js';
export { extractCode, type CodeBlock } from './extract.js';
export { detectLanguage } from './detect-language.js';
export { scanFiles, fixFiles, scanSources, fixSources, type FileScanResult, type FileFixResult, type FileJobOptions } from './scan-files.js';
export { ScanPool, DEFAULT_FILE_TIMEOUT_MS } from './scan-pool.js';
export { toSarif, cweTag } from './sarif.js';
export { formatText, formatJson, summarize } from './report.js';
