import type ICAL from 'ical.js';
import { IcsItemError } from './errors.js';

type RecurExpansion = ICAL.RecurExpansion;
type RecurIterator = ICAL.RecurIterator;

/**
 * Bounds the work ical.js may spend expanding one event's RRULEs.
 *
 * RecurIterator.next() steps through candidates until one passes the rule's
 * BY* filters, with no limit of its own, so a rule that no date satisfies
 * ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30") never returns and would hang the
 * whole parse. Every candidate passes through check_contracting_rules(), so
 * this wraps that method on this expansion's own iterators (never the shared
 * prototype) and throws once `limit` candidates have been tested in total.
 *
 * Relies on ical.js 2.x internals (the `ruleIterators` field is private in its
 * types); the tests cover the hanging rule, so an upgrade that changes them
 * fails loudly. The worker's time budget remains the outer guard.
 */
export function guardRuleIterators(expansion: RecurExpansion, limit: number): void {
  const iterators = (expansion as unknown as { ruleIterators: RecurIterator[] | null })
    .ruleIterators;
  let tested = 0;
  for (const iterator of iterators ?? []) {
    const check = iterator.check_contracting_rules;
    iterator.check_contracting_rules = function guarded(this: RecurIterator) {
      tested += 1;
      if (tested > limit) {
        throw new IcsItemError(
          `RRULE is too expensive to expand (more than ${limit} candidate dates tested; it may match no date at all)`,
        );
      }
      return check.call(this);
    };
  }
}
