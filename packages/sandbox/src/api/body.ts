/**
 * Request bodies: read with the apiserver's size limit, decode JSON or YAML into an object,
 * answer in JSON (pretty when asked), stream Status errors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, type Status } from '../machinery/errors.js';
import { decodeProtobufObject, ProtobufDecodeError } from './protobuf/decode.js';

/** The apiserver's default request body limit: 3 MiB. */
export const maxRequestBodyBytes = 3 * 1024 * 1024;

/** Read the whole body; a body over {@link maxRequestBodyBytes} is a 413. */
export async function readBody(req: IncomingMessage, limit = maxRequestBodyBytes): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) {
    req.resume();
    throw ApiError.requestEntityTooLarge(`limit is ${limit}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) {
      req.resume();
      throw ApiError.requestEntityTooLarge(`limit is ${limit}`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** The media type of a Content-Type header, lower-case, without parameters. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Decode a JSON or YAML body into a value; malformed input is a 400 like the apiserver's decoder error. */
export function decodeBody(body: Buffer, contentType: string | undefined): unknown {
  const type = mediaType(contentType);
  if (type === PROTOBUF) return decodeProtobuf(body);
  const text = body.toString('utf8');
  if (text.trim() === '') throw ApiError.badRequest('the body of the request was empty');
  if (type.includes('yaml')) {
    try {
      return parseYaml(text);
    } catch (e) {
      throw ApiError.badRequest(`error converting YAML to JSON: yaml: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  if (type.includes('protobuf')) throw unsupported(type);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw ApiError.badRequest(`couldn't get version/kind; json parse error: ${jsonSyntaxMessage(e as Error, text)}`);
  }
}

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/** The body media types of built-in resources; no Content-Type means JSON. */
export const objectMediaTypes = ['application/json', 'application/yaml', PROTOBUF];

function unsupported(type: string): ApiError {
  return ApiError.unsupportedMediaType(type, ['application/json', 'application/yaml']);
}

/**
 * Refuse an object body in a media type the apiserver does not decode (415, as its input
 * negotiation does: `text/plain` is not JSON). An absent Content-Type is taken as JSON.
 */
export function checkObjectMediaType(contentType: string | undefined): void {
  const type = mediaType(contentType);
  if (type === '' || objectMediaTypes.includes(type)) return;
  throw ApiError.unsupportedMediaType(type, objectMediaTypes);
}

/** A protobuf body of a kind with a field table; other kinds get 415 like a server without protobuf for them. */
function decodeProtobuf(body: Buffer): unknown {
  if (body.length === 0) throw ApiError.badRequest('the body of the request was empty');
  try {
    return decodeProtobufObject(body);
  } catch (e) {
    if (!(e instanceof ProtobufDecodeError)) throw e;
    if (e.reason === 'unsupported') throw unsupported(PROTOBUF);
    throw ApiError.badRequest(e.message);
  }
}

/** Go's `%q` of one character, as encoding/json quotes the offending one. */
function quoteChar(c: string): string {
  const escapes: Record<string, string> = { '\n': "'\\n'", '\r': "'\\r'", '\t': "'\\t'", "'": "'\\''", '\\': "'\\\\'" };
  return escapes[c] ?? `'${c}'`;
}

/**
 * V8's JSON.parse message as encoding/json words it (`invalid character 'x' looking for
 * beginning of value`), the text the apiserver puts after `json parse error: `.
 */
export function jsonSyntaxMessage(e: Error, text = ''): string {
  const msg = e.message;
  if (/end of JSON input|Unterminated string/i.test(msg)) return 'unexpected end of JSON input';
  const pos = /at position (\d+)/.exec(msg);
  const at = pos ? Number(pos[1]) : -1;
  const ch = at >= 0 && at < text.length ? text[at]! : undefined;
  if (ch !== undefined) {
    if (/Expected (double-quoted )?property name/.test(msg)) return `invalid character ${quoteChar(ch)} looking for beginning of object key string`;
    if (/Expected ':' after property name/.test(msg)) return `invalid character ${quoteChar(ch)} after object key`;
    if (/Expected ',' or '}' after property value/.test(msg)) return `invalid character ${quoteChar(ch)} after object key:value pair`;
    if (/Expected ',' or ']' after array element/.test(msg)) return `invalid character ${quoteChar(ch)} after array element`;
    if (/Unexpected non-whitespace character after JSON/.test(msg)) return `invalid character ${quoteChar(ch)} after top-level value`;
    if (/Bad control character in string literal/.test(msg)) return `invalid character ${quoteChar(ch)} in string literal`;
    if (/Bad escaped character/.test(msg)) return `invalid character ${quoteChar(ch)} in string escape code`;
  }
  const m = /Unexpected token '?(.)'?/.exec(msg);
  if (m) return `invalid character ${quoteChar(m[1]!)} looking for beginning of value`;
  return msg;
}

/** True when the query asks for indented output (`pretty=true`) or the client looks like a browser. */
export function wantsPretty(query: URLSearchParams, req: IncomingMessage): boolean {
  const p = query.get('pretty');
  if (p !== null) return p === '' || p === 'true' || p === '1';
  return /Mozilla|curl|Wget/.test(req.headers['user-agent'] ?? '');
}

/** Send a JSON body with the given status code. */
export function sendJson(res: ServerResponse, code: number, body: unknown, pretty = false, headers: Record<string, string> = {}): void {
  const text = pretty ? JSON.stringify(body, null, 2) + '\n' : JSON.stringify(body) + '\n';
  res.writeHead(code, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', ...headers });
  res.end(text);
}

/** Send a plain text body. */
export function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

/** The Status of any thrown value: an ApiError keeps its own, anything else is a 500 InternalError. */
export function statusOf(e: unknown): Status {
  if (e instanceof ApiError) return e.status;
  if (e && typeof e === 'object' && 'status' in e) {
    const s = (e as { status: unknown }).status;
    if (s && typeof s === 'object' && (s as Status).kind === 'Status') return s as Status;
  }
  const why = e instanceof Error ? e.message : String(e);
  return ApiError.internal(why).status;
}

/** Send the Status of an error (with Retry-After for 429/5xx carrying retryAfterSeconds). */
export function sendStatus(res: ServerResponse, e: unknown, pretty = false): void {
  const status = statusOf(e);
  const headers: Record<string, string> = {};
  const retry = status.details?.retryAfterSeconds;
  if (retry !== undefined) headers['Retry-After'] = String(retry);
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, status.code, status, pretty, headers);
}
