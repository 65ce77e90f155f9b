/** What a JSON request body may be, checked before any of it reaches a controller (README, "The HTTP edge"). */
export const JSON_BODY_LIMITS = {
  /** The largest body: a referral or a 50-obligation agreement is a few kilobytes. */
  maxBytes: 100 * 1024,
  /** The deepest nesting of objects and arrays; the API's own bodies nest at most 3 deep. */
  maxDepth: 16,
} as const;

/** Keys that could reach an object's prototype chain in code that copies or merges a body. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A UTF-16 surrogate half without its partner: the decoding of no Unicode text. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a JSON body is refused, in words a caller can act on. */
export class BodyProblem extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/**
 * How deep a JSON text nests, scanned without parsing (so a hostile body cannot overflow the parser's or the
 * validator's stack); stops at the first level past `maxDepth`.
 */
export function nestingDepth(text: string, maxDepth: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c)
        i += 1; // a backslash escapes the next character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x7b || code === 0x5b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > maxDepth) return deepest;
    } else if (code === 0x7d || code === 0x5d) {
      depth -= 1;
    }
  }
  return deepest;
}

function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain a NUL character';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text (it holds a lone surrogate)';
  return undefined;
}

/** The body path of a value, as a person reads it: `body.victims[0].fullName`. */
function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/**
 * The first problem in a parsed body, walked iteratively: a prototype key, or a key or string with a NUL or a lone
 * surrogate. Undefined when there is none.
 */
export function bodyValueProblem(body: unknown): string | undefined {
  const stack: Array<{ value: unknown; path: string }> = [{ value: body, path: 'body' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: string };
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return `${path} ${problem}`;
    } else if (Array.isArray(value)) {
      value.forEach((item: unknown, index) => stack.push({ value: item, path: childPath(path, index) }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const keyPath = childPath(path, key);
        if (PROTOTYPE_KEYS.has(key)) return `${keyPath}: the key ${key} is not allowed`;
        const problem = textProblem(key);
        if (problem) return `a key of ${path} ${problem}`;
        stack.push({ value: item, path: keyPath });
      }
    }
  }
  return undefined;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes, bounds and parses a JSON body; throws a BodyProblem (400 or 413) for anything it refuses. */
export function parseJsonBody(raw: Buffer, limits: { maxBytes: number; maxDepth: number } = JSON_BODY_LIMITS): unknown {
  if (raw.length > limits.maxBytes) {
    throw new BodyProblem(413, `the body is larger than ${limits.maxBytes} bytes`);
  }
  let text: string;
  try {
    text = UTF8.decode(raw);
  } catch {
    throw new BodyProblem(400, 'the body is not valid UTF-8');
  }
  if (nestingDepth(text, limits.maxDepth) > limits.maxDepth) {
    throw new BodyProblem(400, `the body nests objects and arrays deeper than ${limits.maxDepth} levels`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new BodyProblem(
      400,
      `the body is not valid JSON (${error instanceof Error ? error.message : 'parse error'})`,
    );
  }
  const problem = bodyValueProblem(body);
  if (problem) throw new BodyProblem(400, problem);
  return body;
}
