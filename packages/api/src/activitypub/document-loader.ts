import {
  type DocumentLoader,
  getDocumentLoader,
  kvCache,
  MemoryKvStore,
  type RemoteDocument,
} from '@fedify/fedify';
import { defaultFetchPolicy, safeFetch } from '../sync/fetch/index.js';
import { BUNDLED_CONTEXTS } from './bundled-contexts.js';

export interface LoaderPolicy {
  /** Hosts, IPs or CIDRs that may be private (OUTBOUND_ALLOW_HOSTS, SYNC_ALLOW_HOSTS). */
  allowList: string[];
  userAgent: string;
}

const ACCEPT =
  'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';
/**
 * The JSON-LD contexts Fedify ships copies of (its runtime/contexts.js); its
 * own loader answers these from memory, without a request.
 */
const PRELOADED = new Set([
  'https://www.w3.org/ns/activitystreams',
  'https://w3id.org/security/v1',
  'https://w3id.org/security/data-integrity/v1',
  'https://www.w3.org/ns/did/v1',
  'https://w3id.org/security/multikey/v1',
  'https://w3id.org/identity/v1',
  'https://purl.archive.org/socialweb/webfinger',
  'http://schema.org/',
  'https://gotosocial.org/ns',
]);

/** An actor or key document is a few KB; a megabyte is already generous. */
const MAX_BYTES = 1024 * 1024;

/**
 * Fedify's JSON-LD document loader, routed through the hub's guarded fetch:
 * remote actors and keys are fetched under the same SSRF rules and operator
 * allow-list as feeds and webhooks (no private addresses unless listed, every
 * redirect re-checked, size and time caps). Well-known contexts (ActivityStreams,
 * security vocabularies, LitePub) come from memory, never the network, and
 * what is fetched is cached for a while (Fedify's kvCache rules).
 */
export function guardedDocumentLoader(policy: LoaderPolicy): DocumentLoader {
  const fetchPolicy = defaultFetchPolicy({
    allowList: policy.allowList,
    userAgent: policy.userAgent,
    accept: ACCEPT,
    maxBytes: MAX_BYTES,
    headerTimeoutMs: 5_000,
    totalTimeoutMs: 10_000,
  });
  const preloaded = getDocumentLoader();
  const load = async (url: string): Promise<RemoteDocument> => {
    if (PRELOADED.has(url)) return preloaded(url);
    const bundled = BUNDLED_CONTEXTS[url];
    if (bundled) return { contextUrl: null, document: bundled, documentUrl: url };
    const outcome = await safeFetch(url, {}, fetchPolicy);
    if (outcome.kind !== 'ok') {
      const reason = outcome.kind === 'failed' ? outcome.message : 'not modified';
      throw new Error(`could not fetch ${url}: ${reason}`);
    }
    return { contextUrl: null, document: JSON.parse(outcome.body), documentUrl: outcome.finalUrl };
  };
  return kvCache({ loader: load, kv: new MemoryKvStore() });
}
