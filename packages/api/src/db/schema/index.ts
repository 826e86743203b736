export * from './audit.js';
export * from './chapters.js';
export * from './events.js';
export * from './keys.js';
export * from './members.js';
export * from './series.js';
export * from './sources.js';
