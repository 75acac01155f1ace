// Public API of the input sanitizer: a fast classifier of malicious cyber requests over whole
// conversations. Everything else in this folder is training, data and evaluation support.
export { classify, conversationTexts, type Conversation, type SanitizerVerdict, type SanitizerReason, type ClassifyOptions } from './classify.js';
export { loadSanitizerModel, saveSanitizerModel, forgetSanitizerModel, DEFAULT_MODEL_PATH, type SanitizerModel } from './model.js';
export { normalizeText } from './normalize.js';
