/**
 * An event's public JSON built by PostgreSQL, byte for byte what
 * `JSON.stringify(toEvent(row))` writes: the same keys in the same order, no
 * spaces, the same string escapes (PostgreSQL's and JavaScript's agree), ISO
 * instants with milliseconds and `Z`, local times as `localIso` writes them,
 * numbers inside jsonb as JavaScript prints the double they parse to, and the
 * venue's street address dropped unless it is public. event-json-sql.test.ts
 * holds the two side by side over awkward rows on both databases.
 *
 * Each function returns SQL text over the columns of a row aliased `p`
 * (see PAGE_COLUMNS in list-events.ts).
 */

/** JSON string of a UTC instant, as Date#toISOString writes it; SQL null stays null. */
export const isoText = (column: string) =>
  `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const isoJson = (column: string) => `'"' || ${isoText(column)} || '"'`;

/** SQL text of a nullable value's JSON, `null` when it is SQL null. */
const orNull = (json: string) => `coalesce(${json}, 'null')`;

const text = (column: string) => `to_json(${column})::text`;

/**
 * A jsonb number as JavaScript prints the double it parses to: PostgreSQL's
 * float8 output is the same shortest round-trip digits (extra_float_digits > 0,
 * the default), written out in full between 1e-6 and 1e21 as JavaScript does,
 * and with JavaScript's exponent (`1e-7`, not `1e-07`) outside.
 */
const number = (value: string) => {
  const f = `(${value})::text::float8`;
  return `case when ${f} = 0 then '0'
    when abs(${f}) >= 1e21 or abs(${f}) < 1e-6 then regexp_replace(${f}::text, 'e([+-])0', 'e\\1')
    else ${f}::text::numeric::text end`;
};

/**
 * Compact JSON of a jsonb value. jsonb prints objects and arrays with a space
 * after each `:` and `,`. json_strip_nulls writes its input again without any
 * (keys in jsonb's stored order, which is the order JSON.parse gives the
 * object; strings escaped as jsonb escapes them) but drops object fields that
 * are null, so it is used only when no `null` appears in the text at all;
 * otherwise a pattern drops every space outside strings (a string is matched
 * whole and put back as it was), which is five times slower. Numbers in
 * objects and arrays keep jsonb's digits (no stored object or array holds
 * one: texts, accessibility); with `numbers`, a number on its own is written
 * as JavaScript writes it (only venues hold one; the expression is long, and
 * its length is planning time). Being one scalar expression, not a subquery per value, also keeps
 * the plan's estimated cost low (a high one switches on JIT compilation, which
 * costs more than the whole page).
 */
export function jsonbJson(value: string, numbers = false): string {
  return `case when jsonb_typeof(${value}) in ('object', 'array') then
      case when strpos(${value}::text, 'null') = 0 then json_strip_nulls(${value}::json)::text
        else regexp_replace(${value}::text, '("(?:[^"\\\\]|\\\\.)*")|\\s', '\\1', 'g') end
    ${numbers ? `when jsonb_typeof(${value}) = 'number' then ${number(value)}` : ''}
    else coalesce(${value}::text, 'null') end`;
}

/**
 * An object stored with exactly `keys` (listed in jsonb's order: shorter keys
 * first, then bytewise), written key by key without a subquery: `value(key)`
 * gives each value's JSON. Anything else is written by `otherwise`.
 */
function knownObject(
  column: string,
  keys: readonly string[],
  value: (key: string) => string,
  otherwise: string,
): string {
  const list = `array[${keys.map((k) => `'${k}'`).join(', ')}]`;
  const fields = keys.map((k, i) => `'${i ? ',' : '{'}"${k}":' || ${value(k)}`).join(' || ');
  return `case when jsonb_typeof(${column}) = 'object' and ${column} ?& ${list}
      and ${column} - ${list} = '{}'::jsonb then ${fields} || '}'
    else ${otherwise} end`;
}

/** A venue's keys as every writer stores them, in jsonb's order. */
const VENUE_KEYS = [
  'lat',
  'lng',
  'name',
  'address',
  'country',
  'locality',
  'postalCode',
  'addressVisibility',
] as const;

/**
 * The venue as toEvent gives it: `{...venue, address}`, the address kept in
 * its place but null unless `addressVisibility` is "public", and added last
 * (as null) when the stored venue has none and is not public. A venue with
 * exactly the usual keys is written key by key (its texts are strings or null,
 * which jsonb prints as JSON does); any other, field by field.
 */
function venueJson(venue: string): string {
  const isPublic = `coalesce((${venue} ->> 'addressVisibility') = 'public', false)`;
  const anyShape = `case jsonb_typeof(${venue}) when 'object' then '{' || concat_ws(',',
      (select string_agg(to_json(vk)::text || ':' ||
         case when vk = 'address' and not ${isPublic} then 'null' else ${jsonbJson('vv', true)} end, ',')
       from jsonb_each(${venue}) as venue_fields(vk, vv)),
      case when not ${isPublic} and ${venue} -> 'address' is null then '"address":null' end) || '}'
    else 'null' end`;
  return knownObject(
    venue,
    VENUE_KEYS,
    (key) =>
      key === 'address'
        ? `case when ${isPublic} then (${venue} -> 'address')::text else 'null' end`
        : key === 'lat' || key === 'lng'
          ? jsonbJson(`(${venue} -> '${key}')`, true)
          : `(${venue} -> '${key}')::text`,
    anyShape,
  );
}

/** Accessibility as stored (`notes` before `features` in jsonb's order), without a pattern for its usual null notes. */
function accessibilityJson(column: string): string {
  return knownObject(
    column,
    ['notes', 'features'],
    (key) => jsonbJson(`(${column} -> '${key}')`),
    jsonbJson(column),
  );
}

/**
 * RFC 3339 local time as localIso writes it: the zone's offset rounded to
 * whole minutes (JavaScript's Math.round), milliseconds only when non-zero.
 * `offsetMinutes` is the column holding that rounded offset.
 */
function localJson(column: string, offsetMinutes: string): string {
  const m = offsetMinutes;
  return `'"' || to_char(${column} at time zone 'UTC' + ${m} * interval '1 minute',
      case when date_part('microseconds', ${column} at time zone 'UTC')::bigint % 1000000 >= 1000
        then 'YYYY-MM-DD"T"HH24:MI:SS.MS' else 'YYYY-MM-DD"T"HH24:MI:SS' end)
    || case when ${m} < 0 then '-' else '+' end
    || lpad((abs(${m}) / 60)::text, 2, '0') || ':' || lpad((abs(${m}) % 60)::text, 2, '0') || '"'`;
}

/** Minutes east of UTC of `zone` at `column`, rounded as localIso rounds them. */
export const offsetMinutes = (column: string, zone: string) =>
  `floor(extract(epoch from (${column} at time zone ${zone}) - (${column} at time zone 'UTC')) / 60 + 0.5)::int`;

/** The public Event of row `p` as JSON text (SQL), in toEvent's key order. */
export const EVENT_JSON = `'{"id":' || ${text('p.id')}
  || ',"chapterId":' || ${text('p.chapter_id')}
  || ',"title":' || ${jsonbJson('p.title')}
  || ',"summary":' || ${jsonbJson('p.summary')}
  || ',"description":' || ${jsonbJson('p.description')}
  || ',"inLanguage":' || ${text('p.in_language')}
  || ',"startsAt":' || ${isoJson('p.starts_at')}
  || ',"endsAt":' || ${isoJson('p.ends_at')}
  || ',"timeZone":' || ${text('p.time_zone')}
  || ',"localStartsAt":' || ${localJson('p.starts_at', 'p.starts_offset')}
  || ',"localEndsAt":' || ${localJson('p.ends_at', 'p.ends_offset')}
  || ',"allDay":' || p.all_day::text
  || ',"status":' || ${text('p.status')}
  || ',"previousStartsAt":' || ${orNull(isoJson('p.previous_starts_at'))}
  || ',"attendanceMode":' || ${text('p.attendance_mode')}
  || ',"venue":' || ${venueJson('p.venue')}
  || ',"onlineUrl":' || ${orNull(text('p.online_url'))}
  || ',"registrationUrl":' || ${orNull(text('p.registration_url'))}
  || ',"capacity":' || ${orNull('p.capacity::text')}
  || ',"tags":' || ${text('p.tags')}
  || ',"principles":' || ${text('p.principles')}
  || ',"accessibility":' || ${accessibilityJson('p.accessibility')}
  || ',"series":' || case when coalesce(p.series_id, '') <> '' and coalesce(p.recurrence_id, '') <> ''
    then '{"id":' || ${text('p.series_id')} || ',"recurrenceId":' || ${text('p.recurrence_id')}
      || ',"rrule":' || ${text("coalesce(p.series_rrule, '')")} || '}'
    else 'null' end
  || ',"provenance":{"sourceKind":' || ${text('p.source_kind')}
  || ',"sourceId":' || ${orNull(text('p.source_id'))}
  || ',"upstreamUid":' || ${orNull(text('p.upstream_uid'))}
  || ',"originInstance":' || ${text('p.origin_instance')}
  || ',"lastSeenAt":' || ${orNull(isoJson('p.last_seen_at'))}
  || '},"sequence":' || p.sequence::text
  || ',"createdAt":' || ${isoJson('p.created_at')}
  || ',"updatedAt":' || ${isoJson('p.updated_at')}
  || '}'`;
