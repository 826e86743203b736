import type postgres from 'postgres';

/**
 * The pool whose sessions run with `plan_cache_mode = force_generic_plan`, by
 * the handle callers hold (see client.ts and queryRows). A statement with
 * parameters is otherwise planned again for every execution's values until
 * PostgreSQL judges the generic plan (made without values) as cheap as those:
 * for the event-list page it never did (its estimate assumes fewer matching
 * rows, so reading the first limit + 1 of them looks dearer), and planning the
 * page's long statement cost more than running it. Only statements whose
 * best plan does not depend on the values go through this pool.
 */
const pools = new WeakMap<object, postgres.Sql>();

export function setGenericPlanPool(db: object, pool: postgres.Sql): void {
  pools.set(db, pool);
}

/** Undefined on PGlite, and for a handle not opened by openDatabase. */
export function genericPlanPool(db: object): postgres.Sql | undefined {
  return pools.get(db);
}
