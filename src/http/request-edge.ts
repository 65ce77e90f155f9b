import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyProblem, JSON_BODY_LIMITS, parseJsonBody } from './json-body';

/** The parts of Express's request the edge reads and sets (Express ships no types here). */
export interface EdgeRequest extends IncomingMessage {
  url: string;
  method: string;
  body?: unknown;
}

type Next = (error?: unknown) => void;

export type EdgeMiddleware = (request: EdgeRequest, response: ServerResponse, next: Next) => void;

/** Answers with the API's error shape (`{ statusCode, error, message }`), before any controller runs. */
export function refuse(
  response: ServerResponse,
  status: number,
  error: string,
  message: string | string[],
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ statusCode: status, error, message });
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  response.end(body);
}

const isJson = (mediaType: string): boolean =>
  mediaType === 'application/json' || (mediaType.startsWith('application/') && mediaType.endsWith('+json'));

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Why a path or query cannot be decoded to text without NUL, or undefined. */
export function urlProblem(url: string): string | undefined {
  const [path = '', query = ''] = url.split('?', 2);
  const pieces: Array<[string, string]> = [
    ...path.split('/').map((segment): [string, string] => ['the path', segment]),
    ...query.split('&').flatMap((pair) => pair.split('=').map((part): [string, string] => ['the query', part])),
  ];
  for (const [where, piece] of pieces) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(piece.replace(/\+/g, ' '));
    } catch {
      return `${where} is not valid percent-encoded UTF-8`;
    }
    if (decoded.includes('\u0000')) return `${where} must not contain a NUL character`;
  }
  return undefined;
}

/** 400 for a path or query holding NUL or invalid UTF-8, before routing or a database query sees it. */
export const urlGuard: EdgeMiddleware = (request, response, next) => {
  const problem = urlProblem(request.url);
  if (problem) {
    request.resume();
    return refuse(response, 400, 'Bad Request', [problem]);
  }
  next();
};

/**
 * The JSON body edge: reads every request body itself — JSON only (415 otherwise), at most `maxBytes` (413), nested
 * at most `maxDepth` deep, valid UTF-8, no NUL, no lone surrogates, no prototype keys (400) — before parsing can
 * reach the application. Routes under `formRoutePrefixes` (Twilio's form-encoded webhook, server-rendered pages)
 * are left to their own parser.
 */
export function jsonBodyEdge(options: {
  formRoutePrefixes: readonly string[];
  /** Larger byte limits for route prefixes that need them. */
  maxBytesByPrefix?: Readonly<Record<string, number>>;
}) {
  const limitsFor = (url: string): { maxBytes: number; maxDepth: number } => {
    const prefix = Object.keys(options.maxBytesByPrefix ?? {}).find((p) => url === p || url.startsWith(`${p}/`));
    return prefix ? { ...JSON_BODY_LIMITS, maxBytes: options.maxBytesByPrefix?.[prefix] ?? 0 } : JSON_BODY_LIMITS;
  };
  const isFormRoute = (url: string): boolean =>
    options.formRoutePrefixes.some(
      (prefix) => url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`),
    );
  const middleware: EdgeMiddleware = (request, response, next) => {
    if (isFormRoute(request.url) || !hasBody(request)) return next();
    const limits = limitsFor(request.url);
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (!isJson(mediaType)) {
      // Drain what was sent so the connection can be reused, then answer.
      request.resume();
      return refuse(
        response,
        415,
        'Unsupported Media Type',
        `this route takes a JSON body: send it with content-type: application/json${mediaType ? ` (not ${mediaType})` : ''}`,
      );
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limits.maxBytes) {
      request.resume();
      return refuse(response, 413, 'Payload Too Large', `the body is larger than ${limits.maxBytes} bytes`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    request.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limits.maxBytes) {
        done = true;
        refuse(response, 413, 'Payload Too Large', `the body is larger than ${limits.maxBytes} bytes`);
        return;
      }
      chunks.push(chunk);
    });
    request.on('error', (error) => {
      if (done) return;
      done = true;
      next(error);
    });
    request.on('end', () => {
      if (done) return;
      done = true;
      try {
        request.body = parseJsonBody(Buffer.concat(chunks), limits);
      } catch (error) {
        if (error instanceof BodyProblem) {
          return refuse(response, error.status, error.status === 413 ? 'Payload Too Large' : 'Bad Request', [
            error.message,
          ]);
        }
        return next(error);
      }
      next();
    });
  };
  return middleware;
}
