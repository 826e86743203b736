/**
 * `@oneteamgov/sdk`: a small typed client for the One Team Gov Hub API.
 * Runs in browsers, Node.js 18+, Deno, Bun and edge runtimes (it only needs `fetch`).
 *
 * @example
 * ```ts
 * import { createClient } from '@oneteamgov/sdk';
 *
 * const hub = createClient({ baseUrl: 'https://hub.oneteamgov.org' });
 * for await (const event of hub.paginate('/v1/chapters/{chapterId}/events', {
 *   params: { path: { chapterId: 'wales' } },
 * })) {
 *   console.log(event.startsAt, event.title.en ?? Object.values(event.title)[0]);
 * }
 * ```
 *
 * @packageDocumentation
 */
import type { components } from './generated/openapi.js';

export type {
  Client,
  ClientOptions,
  FetchLike,
  HttpMethod,
  InitArgs,
  Operation,
  OperationParams,
  PageItem,
  PaginatedPaths,
  PathsWithMethod,
  RequestInitFor,
  RequestOptions,
  SuccessBody,
} from './client.js';
export { createClient } from './client.js';
export type { ErrorByStatus, Problem, RateLimit } from './errors.js';
export {
  ApiError,
  ConflictError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  isApiError,
  NotFoundError,
  parseRateLimit,
  RateLimitedError,
  UnauthorizedError,
  UnprocessableError,
} from './errors.js';
export type { components, operations, paths } from './generated/openapi.js';

type Schemas = components['schemas'];

/**
 * An event held by a chapter. Times are UTC instants (`startsAt`, `endsAt`) plus the
 * local wall-clock times in the event's `timeZone` (`localStartsAt`, `localEndsAt`).
 *
 * @example
 * ```ts
 * const event: Event = await hub.GET('/v1/events/{eventId}', { params: { path: { eventId } } });
 * ```
 */
export type Event = Schemas['Event'];
/** A national, regional or local One Team Gov chapter. */
export type Chapter = Schemas['Chapter'];
/** One of the seven One Team Gov principles, with its localized name. */
export type Principle = Schemas['Principle'];
/** Plain text keyed by BCP 47 language tag, e.g. `{ en: 'Meetup', cy: 'Cyfarfod' }`. */
export type LocalizedText = Schemas['LocalizedText'];
/** Where an in-person or hybrid event takes place. */
export type Venue = Schemas['Venue'];
/** Accessibility features and notes of an event. */
export type Accessibility = Schemas['Accessibility'];
/** Where an event record came from (pushed, another hub instance, an iCalendar feed…). */
export type Provenance = Schemas['Provenance'];
/** A page of events: `{ data: Event[]; nextCursor: string | null }`. */
export type EventPage = Schemas['EventPage'];
/** Alias of {@link EventPage}. */
export type EventList = EventPage;
/** A page of chapters: `{ data: Chapter[]; nextCursor: string | null }`. */
export type ChapterPage = Schemas['ChapterPage'];
/** All principles: `{ data: Principle[] }`. */
export type PrincipleList = Schemas['PrincipleList'];

/**
 * A cursor page of `T`. Pass `nextCursor` as the `cursor` query parameter to get the next
 * page, or let `client.paginate()` do it.
 *
 * @example
 * ```ts
 * const page: Page<Event> = await hub.GET('/v1/events', { params: { query: { limit: 100 } } });
 * ```
 */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
