export { type App, createApp } from './app.js';
export { type Config, ConfigSchema, loadConfig } from './config.js';
export { type Database, type Db, openDatabase } from './db/client.js';
export type { AppDeps } from './lib/context.js';
export { openApiDocument } from './openapi.js';
export { startServer } from './server.js';
