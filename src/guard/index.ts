// Public API of the guard: the pipeline over one Exchange and its stages.
export { GuardPipeline, mergeAction, UPSTREAM_NOT_CONFIGURED, type GuardDeps, type StreamEvent } from './pipeline.js';
export { createExchange, auditRecordOf, type Exchange, type AnswerReview, type BlockReview, type GuardAction, type SuppliedTests } from './exchange.js';
export { moderate, moderatorMessages, moderatorVerdictSchema, type ModeratorVerdict } from './moderator.js';
export { reviewCode, refinerMessages, type TestRunner, type RefineOptions } from './refiner.js';
export { reviewAnswer, annotation } from './answer-review.js';
export { CodeBlockHolder, type Segment } from './stream-holder.js';
export { sandboxTestRunner } from './sandbox-tests.js';
export { buildGuard, type BuildGuardOptions } from './build.js';
