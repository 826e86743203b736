import fc from 'fast-check';
import { encodeCursor } from '../../src/lib/cursor.js';

/**
 * Malformed inputs for the contract fuzzer: values a careless or hostile
 * client sends, shaped from the published OpenAPI document so most requests
 * get past the router and into validation and the handlers.
 */

type Schema = Record<string, unknown>;
export type Components = Record<string, Schema>;

const IMPOSSIBLE_INSTANTS = [
  '2026-02-30',
  '2026-02-30T10:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-01-01T24:00:00Z',
  '2026-01-01T10:00:00+25:00',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:60Z',
  '2026-1-1',
  'T',
  '1e309',
];

const ODD_TEXT = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202e\u202dreversed',
  '\ufeff',
  '🎉🏳️‍🌈👨‍👩‍👧',
  'x\r\nSet-Cookie: a=b',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
  '${7*7}{{7*7}}',
  'null',
  'true',
  'NaN',
  'Infinity',
  '-0',
  '9007199254740993',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'a'.repeat(5_000),
  'é'.repeat(70_000),
];

const ODD_NUMBERS = [-1, 0, 0.5, -0, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308, Number.MIN_VALUE];

/** Percent sequences that do not decode to valid UTF-8, or decode to what PostgreSQL refuses. */
const RAW_ESCAPES = [
  '%00',
  '%',
  '%zz',
  '%ED%A0%80',
  '%C0%AF',
  '%FF',
  '%E0%A4%A',
  '%2F..%2F',
  '%0D%0A',
];

const CURSOR_KINDS = ['events', 'changes', 'audit', 'keys', 'members', 'webhooks', 'chapters'];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

export const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ODD_TEXT, ...IMPOSSIBLE_INSTANTS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.tuple(fc.string(), loneSurrogate).map(([a, b]) => a + b) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD_NUMBERS).map(String) },
);

/** Cursors a client could craft: tampered base64, the right shape with wrong contents. */
export const craftedCursor: fc.Arbitrary<string> = fc.oneof(
  oddString,
  fc
    .tuple(
      fc.constantFrom(...CURSOR_KINDS),
      fc.array(fc.oneof(oddString, fc.constantFrom(...IMPOSSIBLE_INSTANTS)), {
        minLength: 1,
        maxLength: 3,
      }),
    )
    .map(([kind, key]) => encodeCursor(kind, key)),
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? '').toString('base64url')),
);

/** A query or path value as it goes on the wire: encoded text or raw, invalid escapes. */
export const wireValue = (text: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof(
    // The server refuses URLs over 16 KB before the app sees them (431), so longer values test nothing here.
    { weight: 5, arbitrary: text.map((t) => encode(t.slice(0, 6_000))) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_ESCAPES) },
  );

/** Encodes like a client would; a lone surrogate (which encodeURIComponent refuses) as WTF-8. */
export function encode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    out +=
      code >= 0xd800 && code <= 0xdfff
        ? `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`
        : encodeURIComponent(char);
  }
  return out;
}

/** Bodies that are not the JSON the operation takes: broken, deep, huge, or another type. */
export const brokenJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{',
    '{"a":',
    '[1,2',
    'nul',
    '{"a":1}{"b":2}',
    '{"a":1,}',
    "{'a':1}",
    '\u0000',
    '1e999999',
    '"\\ud800"',
    '{"title":{"en":"\\u0000"}}',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
  ),
  fc
    .constantFrom(64, 1_000, 20_000, 200_000)
    .chain((depth) =>
      fc.constantFrom(
        `${'['.repeat(depth)}${']'.repeat(depth)}`,
        `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
      ),
    ),
  fc.constant(`{"a":"${'x'.repeat(1_100_000)}"}`),
  fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
);

export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/merge-patch+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; boundary=""',
];

/**
 * A value for `schema`: mostly a valid example (so the request reaches the
 * handler), sometimes an odd one of the wrong type, size or range.
 */
export function valueFor(schema: Schema, components: Components, depth = 0): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, components);
  const odd = fc.oneof(
    oddString,
    fc.constantFrom<unknown>(...ODD_NUMBERS, null, true, [], {}, [null], { '': '' }),
  );
  if (depth > 4) return odd;
  return fc.oneof({ weight: 3, arbitrary: plausible(resolved, components, depth) }, odd);
}

function plausible(schema: Schema, components: Components, depth: number): fc.Arbitrary<unknown> {
  const variants = (schema.anyOf ?? schema.oneOf ?? schema.allOf) as Schema[] | undefined;
  if (variants?.length) return fc.oneof(...variants.map((v) => valueFor(v, components, depth + 1)));
  if (Array.isArray(schema.enum) && schema.enum.length) {
    return fc.oneof(fc.constantFrom(...(schema.enum as unknown[])), oddString);
  }
  const examples = [schema.example, ...((schema.examples as unknown[]) ?? [])].filter(
    (e) => e !== undefined,
  );
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set((schema.required as string[]) ?? []);
      const entries = Object.entries(properties).map(([name, property]) =>
        fc
          .tuple(fc.constant(name), valueFor(property, components, depth + 1), fc.nat(9))
          // A required field is usually there; an optional one, half the time.
          .map(([k, v, roll]) => (roll < (required.has(k) ? 8 : 5) ? [k, v] : undefined)),
      );
      const extras = fc.array(fc.tuple(oddString, oddString), { maxLength: 2 });
      return fc
        .tuple(fc.tuple(...entries), extras)
        .map(([fields, more]) =>
          Object.fromEntries([
            ...fields.filter((f): f is [string, unknown] => f !== undefined),
            ...more,
          ]),
        );
    }
    case 'array':
      return fc.oneof(
        {
          weight: 4,
          arbitrary: fc.array(valueFor((schema.items ?? {}) as Schema, components, depth + 1), {
            maxLength: 3,
          }),
        },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom(5_000, 100_000)
            .map((n) => Array.from({ length: n }, () => 'x')),
        },
      );
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.integer({
          min: Math.ceil(Math.max(Number(schema.minimum ?? -1e6), -1e15)),
          max: Math.floor(Math.min(Number(schema.maximum ?? 1e6), 1e15)),
        }),
        fc.double(),
        fc.constantFrom(...ODD_NUMBERS),
      );
    case 'boolean':
      return fc.boolean();
    case 'string':
      if (schema.format === 'date-time' || schema.format === 'date')
        return fc.oneof(
          fc.constantFrom(...IMPOSSIBLE_INSTANTS),
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        );
      return examples.length
        ? fc.oneof(
            { weight: 3, arbitrary: fc.constantFrom(...examples) },
            { weight: 1, arbitrary: oddString },
          )
        : oddString;
    default:
      return examples.length ? fc.constantFrom(...examples) : oddString;
  }
}

function resolve(schema: Schema, components: Components): Schema {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = components[ref.replace('#/components/schemas/', '')];
    return target ? resolve(target, components) : {};
  }
  return schema;
}
