import { createHash } from 'node:crypto';
import { compressBytes, type Encoding } from './compress.js';

/** Smaller bodies go out as they are, as the compression middleware does. */
const COMPRESS_THRESHOLD = 1024;

/** A built answer, kept with what it may be served again for. */
export interface CachedPage<Meta = unknown> {
  /** The data version it was built at (see eventsDataVersion). */
  version: string;
  /** Epoch ms from which the page may differ though no data changed (events ending); null: never. */
  expiresAt: number | null;
  body: Uint8Array<ArrayBuffer>;
  /** Strong ETag of the identity body, as the etag middleware computes it. */
  etag: string;
  /** What the route needs besides the body to answer again (a next-page cursor…). */
  meta: Meta;
  /** Compressed bodies, made once on first demand. */
  encoded: Map<Encoding, Promise<Uint8Array<ArrayBuffer> | null>>;
}

export interface PageCacheLimits {
  entries: number;
  bytes: number;
}

const DEFAULT_LIMITS: PageCacheLimits = { entries: 512, bytes: 32 * 1024 * 1024 };

/**
 * Built public pages by request URL, least recently used first out. An entry is
 * only handed back while the data version it was built at is still current and
 * its time has not run out, so a change anywhere is never hidden behind it.
 */
export class PageCache<Meta = unknown> {
  readonly #entries = new Map<string, CachedPage<Meta>>();
  #bytes = 0;

  constructor(private readonly limits: PageCacheLimits = DEFAULT_LIMITS) {}

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  get(key: string, version: string, nowMs: number): CachedPage<Meta> | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.version !== version || (entry.expiresAt !== null && nowMs >= entry.expiresAt)) {
      this.#bytes -= entry.body.byteLength;
      return undefined;
    }
    this.#entries.set(key, entry); // most recently used goes last
    return entry;
  }

  set(key: string, entry: CachedPage<Meta>): void {
    if (entry.body.byteLength > this.limits.bytes) return;
    const previous = this.#entries.get(key);
    if (previous) {
      this.#entries.delete(key);
      this.#bytes -= previous.body.byteLength;
    }
    this.#entries.set(key, entry);
    this.#bytes += entry.body.byteLength;
    for (const [oldest, old] of this.#entries) {
      if (this.#entries.size <= this.limits.entries && this.#bytes <= this.limits.bytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= old.body.byteLength;
    }
  }
}

/** A page entry for a JSON body: its ETag is the hex SHA-1 of the bytes, as before caching. */
export function jsonPage<Meta>(
  json: string,
  version: string,
  expiresAt: number | null,
  meta: Meta,
): CachedPage<Meta> {
  const body = Buffer.from(json, 'utf8');
  return {
    version,
    expiresAt,
    body,
    etag: `"${createHash('sha1').update(body).digest('hex')}"`,
    meta,
    encoded: new Map(),
  };
}

/** The page's body in `encoding`, compressed once; null when it is too small to be worth it. */
export function encodedBody(
  page: CachedPage<unknown>,
  encoding: Encoding,
): Promise<Uint8Array<ArrayBuffer> | null> {
  let pending = page.encoded.get(encoding);
  if (!pending) {
    pending =
      page.body.byteLength < COMPRESS_THRESHOLD
        ? Promise.resolve(null)
        : (compressBytes(page.body, encoding) as Promise<Uint8Array<ArrayBuffer>>);
    page.encoded.set(encoding, pending);
  }
  return pending;
}
