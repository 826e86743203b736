import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { FetchFailure } from './errors.js';

/** At most this many stacked Content-Encodings (e.g. "gzip, br") are undone. */
const MAX_ENCODINGS = 2;

type Decoder = Transform;

function decoderFor(encoding: string): Decoder {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw new FetchFailure('decompression', `unsupported content-encoding "${encoding}"`);
  }
}

/** Decoders for a Content-Encoding header, in the order they must run. */
export function decodersFor(header: string | undefined): Decoder[] {
  const codings = (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length > MAX_ENCODINGS) {
    throw new FetchFailure('decompression', `too many content-encodings: ${header}`);
  }
  // Codings are listed in the order they were applied, so undo them backwards.
  return codings.reverse().map(decoderFor);
}

/**
 * Counts bytes flowing through and fails the moment the total passes `max`.
 * Counting chunk by chunk on the streaming path means a compression bomb is
 * stopped after at most `max` bytes plus one zlib chunk, never fully inflated.
 */
class ByteLimit extends Transform {
  bytes = 0;

  constructor(
    private readonly max: number,
    private readonly what: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.max) {
      callback(new FetchFailure('too-large', `${this.what} exceeds ${this.max} bytes`));
      return;
    }
    callback(null, chunk);
  }
}

/**
 * Collects a body's bytes into one buffer as they arrive, so no chunk outlives
 * its arrival. Keeping the chunks until the end and joining them held the body
 * twice, and the chunks, having lived through the whole download, were freed
 * only by a full garbage collection, long after: on a 26 MB feed, 26 to 50 MB
 * still held while the rows were being written.
 */
class Accumulator {
  private buffer: Buffer;
  length = 0;

  /** `expected`: the body's length when it is known (Content-Length, nothing to decode). */
  constructor(expected: number | undefined) {
    this.buffer = Buffer.allocUnsafeSlow(expected ?? 64 * 1024);
  }

  add(chunk: Buffer): void {
    if (this.length + chunk.length > this.buffer.length) {
      const grown = Buffer.allocUnsafeSlow(
        Math.max(this.length + chunk.length, this.buffer.length * 2),
      );
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    chunk.copy(this.buffer, this.length);
    this.length += chunk.length;
  }

  /** The bytes, owning their whole buffer (so they can be moved to the parse worker as they are). */
  bytes(): Buffer {
    if (this.length === this.buffer.length) return this.buffer;
    const exact = Buffer.allocUnsafeSlow(this.length);
    this.buffer.copy(exact, 0, 0, this.length);
    return exact;
  }
}

/** The length a body will have, when its Content-Length says so and nothing is to be decoded. */
function expectedLength(res: IncomingMessage, decoders: number, maxBytes: number) {
  const length = Number(headerValue(res.headers['content-length']));
  return decoders === 0 && Number.isSafeInteger(length) && length > 0 && length <= maxBytes
    ? length
    : undefined;
}

/**
 * Reads a response body, undoing Content-Encoding with node:zlib streams and
 * enforcing `maxBytes` on both the wire bytes and the decompressed bytes.
 * The body is returned as bytes, untouched (a BOM stays): an iCalendar feed
 * goes as is to the parse worker, which decodes it, so the sync's thread never
 * holds the document as a string. Its SHA-256 is taken chunk by chunk as the
 * bytes arrive (an unchanged feed is recognised by it without a pass over a
 * 26 MB body in one go).
 * A truncated or corrupt compressed stream is a 'decompression' failure, not a
 * short body: a partial feed must never be mistaken for a complete one.
 */
export async function readBody(
  res: IncomingMessage,
  maxBytes: number,
): Promise<{ bytes: Buffer; sha256: string }> {
  const decoders = decodersFor(headerValue(res.headers['content-encoding']));
  const wire = new ByteLimit(maxBytes, 'response body');
  const decoded = new ByteLimit(maxBytes, 'decompressed body');
  const body = new Accumulator(expectedLength(res, decoders.length, maxBytes));
  const digest = createHash('sha256');
  const sink = new Writable({
    write(chunk: Buffer, _enc, callback) {
      body.add(chunk);
      digest.update(chunk);
      callback();
    },
  });
  try {
    await pipeline(
      decoders.length === 0 ? [res, wire, sink] : [res, wire, ...decoders, decoded, sink],
    );
  } catch (error) {
    if (error instanceof FetchFailure) throw error;
    // A compressed header on an empty body (common on 204-ish replies) is not
    // corruption; there is simply nothing to decode.
    if (decoders.some((d) => d.errored === error)) {
      if (wire.bytes === 0)
        return { bytes: Buffer.alloc(0), sha256: createHash('sha256').digest('hex') };
      throw new FetchFailure(
        'decompression',
        `could not decode body: ${(error as Error).message ?? String(error)}`,
      );
    }
    throw error;
  }
  return { bytes: body.bytes(), sha256: digest.digest('hex') };
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
