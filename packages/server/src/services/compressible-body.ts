/**
 * Compressed answers (issue 7). The ledger's cached answer is 100–400 KB of JSON for a page of
 * 50 tasks, and moving those bytes through the server, the kernel and the client was the cost
 * left once the answer was cached. Each cached answer is compressed once, on the first request
 * that accepts an encoding, and the compressed bytes are kept beside the plain ones; other JSON
 * answers are compressed per request, at the cheapest levels (http/compression.ts).
 *
 * Levels, measured (CPU time, node:zlib) on answers of the standard workload (10 000 tasks):
 *
 *   answer, plain        gzip 1        gzip 6        br 1          br 4          br 5
 *   ledger (a), 415 KB   107 KB 4.9 ms  87 KB 7.9 ms  50 KB 1.2 ms  41 KB 3.4 ms  35 KB 7.0 ms
 *   dashboard, 2.6 MB    179 KB 6.6 ms 152 KB 24 ms  157 KB 4.2 ms 139 KB 19 ms  110 KB 28 ms
 *   findings, 3.5 MB     239 KB 8.6 ms 206 KB 29 ms  209 KB 5.8 ms 175 KB 26 ms  133 KB 42 ms
 *   task figures, 40 KB   12 KB 0.5 ms  11 KB 1.5 ms  11 KB 0.6 ms   9 KB 1.2 ms   9 KB 2.1 ms
 *
 * The generated text reuses the seed's sentences, which flatters brotli's larger window; on the
 * seed's own page of 50 tasks with every quarter (86 KB) gzip 6 gives 15.2 KB and brotli 5
 * 13.4 KB. Once per data version (cached): brotli 5 (every browser accepts br) and gzip 6, the
 * knee of its curve. Per request: brotli 1 and gzip 1, most of the saving for little CPU.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type ContentCoding = 'br' | 'gzip';

/** In the server's order of preference, for equal weights in Accept-Encoding. */
export const CODINGS: readonly ContentCoding[] = ['br', 'gzip'];

/** Below this many bytes an answer goes plain: the headers would eat what compression saves. */
export const MIN_COMPRESSED_BYTES = 1024;

/** How hard to compress: once for a cached answer, or on every request. */
export type CompressionEffort = 'once' | 'per-request';

const LEVELS: Record<CompressionEffort, { gzip: number; brotli: number }> = {
  once: { gzip: 6, brotli: 5 },
  'per-request': { gzip: 1, brotli: 1 },
};

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** `body` compressed with `coding`, on libuv's thread pool (the event loop carries on). */
export function compressBody(
  body: Buffer,
  coding: ContentCoding,
  effort: CompressionEffort = 'once',
): Promise<Buffer> {
  const levels = LEVELS[effort];
  switch (coding) {
    case 'gzip':
      return gzipAsync(body, { level: levels.gzip });
    case 'br':
      return brotliAsync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: levels.brotli,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      });
  }
}

/**
 * An answer's JSON bytes and, made on first demand and kept, their compressed forms: what the
 * analysis cache holds for the ledger. `onGrow` is told when a compressed form was added (the
 * cache weighs the entry again).
 */
export class CompressibleBody {
  private readonly encoded = new Map<ContentCoding, Promise<Buffer>>();
  private encodedBytes = 0;

  constructor(
    readonly plain: Buffer,
    private readonly onGrow: () => void = () => undefined,
  ) {}

  /** Plain and compressed bytes held. */
  get byteLength(): number {
    return this.plain.length + this.encodedBytes;
  }

  /** The bytes in `coding`: compressed once, shared by concurrent and later callers. */
  encode(coding: ContentCoding): Promise<Buffer> {
    let encoded = this.encoded.get(coding);
    if (encoded === undefined) {
      encoded = compressBody(this.plain, coding);
      this.encoded.set(coding, encoded);
      encoded.then(
        (bytes) => {
          this.encodedBytes += bytes.length;
          this.onGrow();
        },
        () => {
          // Let the next request try again.
          this.encoded.delete(coding);
        },
      );
    }
    return encoded;
  }
}
