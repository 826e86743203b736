import { z } from 'zod';
import { LocalizedText } from './primitives.js';

export const PRINCIPLE_IDS = [
  'work-in-the-open',
  'take-practical-action',
  'experiment-and-iterate',
  'be-diverse-and-inclusive',
  'care-deeply-about-citizens',
  'work-across-borders',
  'embrace-technology',
] as const;

export const PrincipleId = z
  .enum(PRINCIPLE_IDS)
  .meta({ id: 'PrincipleId', description: 'One of the seven One Team Gov principles' });

export const Principle = z.object({ id: PrincipleId, name: LocalizedText }).meta({
  id: 'Principle',
  example: { id: 'work-in-the-open', name: { en: 'Work in the open and positively' } },
});
export type Principle = z.infer<typeof Principle>;

export const PrincipleList = z
  .object({ data: z.array(Principle).max(PRINCIPLE_IDS.length) })
  .meta({ id: 'PrincipleList' });
