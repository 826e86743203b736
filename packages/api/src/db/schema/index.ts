export * from './chapters.js';
export * from './events.js';
export * from './series.js';
export * from './sources.js';
