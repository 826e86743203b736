import type { LookupFunction } from 'node:net';

/**
 * How far the hub trusts one remote fetch. Feeds and peers' change feeds come
 * from URLs operators type in, so every limit here is a defence, not a tuning
 * knob (DESIGN.md, sync safety rule 8).
 */
export interface FetchPolicy {
  /** Cap on the DECOMPRESSED body (and on the bytes on the wire), e.g. 10 MiB. */
  maxBytes: number;
  /** Time from starting a request until its response headers arrive, per hop. */
  headerTimeoutMs: number;
  /** Whole-request deadline including body and redirects. */
  totalTimeoutMs: number;
  /** Redirects followed at most; every hop is re-checked. */
  maxRedirects: number;
  userAgent: string;
  /**
   * Operator allow-list: hostnames, IPs or CIDRs (e.g. "127.0.0.1", "::1",
   * "10.0.0.0/8", "calendar.internal") that may be private. Empty means only
   * public unicast addresses are reachable.
   */
  allowList: string[];
  /** Accept header; defaults to any type. */
  accept?: string;
  /**
   * TEST-ONLY: replaces DNS resolution so tests can alias names to 127.0.0.1 or
   * simulate rebinding without touching /etc/hosts. Whatever it answers is still
   * checked against the address rules before the socket connects. Production
   * code must leave it unset.
   */
  lookup?: LookupFunction;
}

/** Validators from the previous successful fetch, for a conditional GET. */
export interface Validators {
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchFailureReason =
  | 'invalid-url'
  | 'forbidden-scheme'
  | 'forbidden-address'
  | 'dns'
  | 'connect'
  | 'header-timeout'
  | 'deadline'
  | 'too-large'
  | 'too-many-redirects'
  | 'http-status'
  | 'decompression'
  | 'aborted';

export type FetchOutcome =
  | {
      kind: 'ok';
      status: number;
      /** The body as UTF-8 text, decoded on each read (a BOM stays). */
      readonly body: string;
      /** The body's bytes, for a caller that hands them on undecoded (the iCalendar parse worker). */
      bytes: Buffer;
      /** SHA-256 of `bytes` (hex), taken as they arrived. */
      sha256: string;
      contentType: string | null;
      etag: string | null;
      lastModified: string | null;
      finalUrl: string;
    }
  | { kind: 'not-modified'; status: 304; etag: string | null; lastModified: string | null }
  | {
      kind: 'failed';
      reason: FetchFailureReason;
      message: string;
      status?: number;
      retryAfterMs?: number;
    };

export type FailedOutcome = Extract<FetchOutcome, { kind: 'failed' }>;
