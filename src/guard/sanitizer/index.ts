// Public API of the input sanitizer: a fast classifier of malicious cyber requests over whole
// conversations. Everything else in this folder is training, data and evaluation support.
// The bundled models/sanitizer.json is reproducible bit for bit (same data, seed 1) with
//   codeward sanitizer train --public --synthesize --out models/sanitizer.json
export { classify, conversationTexts, type Conversation, type SanitizerVerdict, type SanitizerReason, type ClassifyOptions } from './classify.js';
export { loadSanitizerModel, saveSanitizerModel, forgetSanitizerModel, DEFAULT_MODEL_PATH, type SanitizerModel } from './model.js';
export { normalizeText } from './normalize.js';
