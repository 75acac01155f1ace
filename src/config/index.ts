// Public API of the config: one validated object for the whole server.
export { configSchema, type CodewardConfig, type ConfigInput } from './schema.js';
export { loadConfig, hashApiKey, upstreamApiKey, ENV_VARIABLES, type LoadConfigOptions } from './load.js';
