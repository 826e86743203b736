import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ApiError } from '../../lib/problem.js';

/** The files of the built `@oneteamgov/embed` package that the hub serves. */
export const EMBED_FILES = ['otg-events.js', 'frame.js', 'resize.js', 'builder.js'] as const;
export type EmbedFile = (typeof EMBED_FILES)[number];

export interface EmbedManifest {
  version: string;
  /** First hex digits of the script's SHA-256: part of the immutable URL. */
  hash: string;
  /** Subresource Integrity value of otg-events.js. */
  integrity: string;
}

export interface EmbedBuild {
  manifest: EmbedManifest;
  /** `0.1.0-1a2b3c4d5e6f`: names this exact script in the immutable URL. */
  release: string;
  files: Record<EmbedFile, Uint8Array<ArrayBuffer>>;
}

let loaded: Promise<EmbedBuild> | undefined;

/**
 * Reads the built embed from node_modules once (the API depends on the package,
 * so `turbo run build --filter=@oneteamgov/api...` builds it first). A missing
 * build is a deployment fault, reported as 503 rather than a stack trace.
 */
export function embedBuild(): Promise<EmbedBuild> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const dist = dirname(require.resolve('@oneteamgov/embed/manifest.json'));
    const manifest = JSON.parse(
      await readFile(join(dist, 'manifest.json'), 'utf8'),
    ) as EmbedManifest;
    const contents = await Promise.all(EMBED_FILES.map((f) => readFile(join(dist, f))));
    return {
      manifest,
      release: `${manifest.version}-${manifest.hash}`,
      files: Object.fromEntries(
        EMBED_FILES.map((f, i) => [f, new Uint8Array(contents[i]!)]),
      ) as EmbedBuild['files'],
    };
  })().catch(() => {
    loaded = undefined;
    throw new ApiError('service_unavailable', 'The embed script is not built on this instance');
  });
  return loaded;
}
