/**
 * Compressed answers (issue 7): which coding a request accepts, the bytes of a cached
 * CompressibleBody to send for it, and compression on the fly of the other JSON answers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  CODINGS,
  compressBody,
  type CompressibleBody,
  type ContentCoding,
  MIN_COMPRESSED_BYTES,
} from '../services/compressible-body.ts';

/** The weight (RFC 9110 `q`) of each coding named in an Accept-Encoding header. */
function parseAcceptEncoding(header: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';');
    const coding = name?.trim().toLowerCase() ?? '';
    if (coding === '') continue;
    let weight = 1;
    for (const param of params) {
      const [key, value] = param.split('=');
      if (key?.trim().toLowerCase() !== 'q') continue;
      const q = Number(value?.trim());
      // A malformed weight refuses the coding rather than guessing.
      weight = Number.isFinite(q) && q >= 0 && q <= 1 ? q : 0;
    }
    weights.set(coding, weight);
  }
  return weights;
}

/**
 * The coding to answer with, of those the server offers, or undefined for the plain bytes:
 * the one the client weighs highest (`*` stands for any coding it does not name; `q=0` means
 * never), the server's preference among equals. No header means no compression (RFC 9110
 * allows any, but curl and scripts that send none expect plain JSON).
 */
export function negotiateCoding(
  header: string | undefined,
  offered: readonly ContentCoding[] = CODINGS,
): ContentCoding | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const weights = parseAcceptEncoding(header);
  const any = weights.get('*');
  let best: { coding: ContentCoding; weight: number } | undefined;
  for (const coding of offered) {
    const weight = weights.get(coding) ?? any ?? 0;
    if (weight > 0 && (best === undefined || weight > best.weight)) best = { coding, weight };
  }
  return best?.coding;
}

/** Adds Accept-Encoding to the Vary header, keeping what is there. */
export function varyOnAcceptEncoding(reply: FastifyReply): void {
  const current = reply.getHeader('vary');
  const value = Array.isArray(current) ? current.join(', ') : String(current ?? '');
  const tokens = value.split(',').map((token) => token.trim().toLowerCase());
  if (tokens.includes('accept-encoding') || tokens.includes('*')) return;
  void reply.header('vary', value === '' ? 'Accept-Encoding' : `${value}, Accept-Encoding`);
}

/**
 * The bytes to send for `body` and the request's Accept-Encoding: compressed (with
 * Content-Encoding) when the client accepts it and the body is worth it, plain otherwise.
 * Always `Vary: Accept-Encoding`, so a shared cache keeps the forms apart.
 */
export async function encodeForRequest(
  request: FastifyRequest,
  reply: FastifyReply,
  body: CompressibleBody,
): Promise<Buffer> {
  varyOnAcceptEncoding(reply);
  if (body.plain.length < MIN_COMPRESSED_BYTES) return body.plain;
  const coding = negotiateCoding(request.headers['accept-encoding']);
  if (coding === undefined) return body.plain;
  const bytes = await body.encode(coding);
  void reply.header('content-encoding', coding);
  return bytes;
}

/** JSON, the only type compressed on the fly (files, .xlsx/.docx/.pdf, are compressed already). */
const JSON_TYPE = /^application\/json\b/i;

/**
 * Compresses every other JSON answer of at least MIN_COMPRESSED_BYTES per request, at the
 * cheapest levels: the dashboard and the findings of 10 000 tasks are 2.6 and 3.5 MB of JSON,
 * 157 and 209 KB after brotli 1 in 4 and 6 ms of CPU. An answer that already has a
 * Content-Encoding (the cached ledger, the web app's precompressed files) and anything that is
 * not a string or bytes (file streams) pass untouched.
 */
export function registerJsonCompression(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.hasHeader('content-encoding')) return payload;
    if (!JSON_TYPE.test(String(reply.getHeader('content-type') ?? ''))) return payload;
    let bytes: Buffer;
    if (typeof payload === 'string') bytes = Buffer.from(payload);
    else if (Buffer.isBuffer(payload)) bytes = payload;
    else return payload;
    if (bytes.length < MIN_COMPRESSED_BYTES) return payload;
    varyOnAcceptEncoding(reply);
    const coding = negotiateCoding(request.headers['accept-encoding']);
    if (coding === undefined) return payload;
    const compressed = await compressBody(bytes, coding, 'per-request');
    void reply.header('content-encoding', coding);
    // Fastify sets the length of what it sends; one set before would be the plain length.
    reply.removeHeader('content-length');
    return compressed;
  });
}
