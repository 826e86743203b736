import * as rruleModule from 'rrule';

/*
 * rrule 2.8.1 ships its ES build only through the non-standard "module"
 * field. Bundlers and vitest use that build and see named exports, but
 * Node's own ESM loader (what `node dist/main.js` uses, since tsup keeps
 * dependencies external) loads the UMD "main" build, which exposes nothing
 * but a default export: `import { RRule } from 'rrule'` then fails at start-up.
 * Accept both shapes here so the rest of the module can ignore the problem.
 */
type RRuleModule = typeof rruleModule;
const rrule: RRuleModule =
  (rruleModule as RRuleModule & { default?: RRuleModule }).default ?? rruleModule;

export const { RRule, Weekday } = rrule;
export type RRule = InstanceType<typeof RRule>;
export type Weekday = InstanceType<typeof Weekday>;
export type { Options as RRuleOptions } from 'rrule';
