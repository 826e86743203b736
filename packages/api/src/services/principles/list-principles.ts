import { PRINCIPLE_IDS, type Principle } from '@oneteamgov/schema';

/** The seven One Team Gov principles, as the movement words them. */
const NAMES: Record<(typeof PRINCIPLE_IDS)[number], Record<string, string>> = {
  'work-in-the-open': { en: 'Work in the open and positively' },
  'take-practical-action': { en: 'Take practical action' },
  'experiment-and-iterate': { en: 'Experiment and iterate' },
  'be-diverse-and-inclusive': { en: 'Be diverse and inclusive' },
  'care-deeply-about-citizens': { en: 'Care deeply about citizens' },
  'work-across-borders': { en: 'Work across borders' },
  'embrace-technology': { en: 'Embrace technology' },
};

export function listPrinciples(): Principle[] {
  return PRINCIPLE_IDS.map((id) => ({ id, name: NAMES[id] }));
}
