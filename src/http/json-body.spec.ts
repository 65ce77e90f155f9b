import { BodyProblem, bodyValueProblem, nestingDepth, parseJsonBody } from './json-body';

const limits = { maxBytes: 1000, maxDepth: 4 };

function refusal(raw: Buffer | string): { status: number; message: string } | undefined {
  try {
    parseJsonBody(typeof raw === 'string' ? Buffer.from(raw) : raw, limits);
    return undefined;
  } catch (error) {
    if (error instanceof BodyProblem) return { status: error.status, message: error.message };
    throw error;
  }
}

describe('the JSON body edge', () => {
  it('measures nesting without parsing, ignoring brackets inside strings', () => {
    expect(nestingDepth('{"a":[1,{"b":"[[[{{{"}]}', 10)).toBe(3);
    expect(nestingDepth('"\\"[["', 10)).toBe(0);
    expect(nestingDepth('['.repeat(15_000), 4)).toBe(5);
  });

  it('refuses a body nested deeper than the limit before parsing it', () => {
    expect(refusal(`${'['.repeat(400)}${']'.repeat(400)}`)).toEqual({
      status: 400,
      message: 'the body nests objects and arrays deeper than 4 levels',
    });
    expect(refusal('{"a":{"b":{"c":{}}}}')).toBeUndefined();
  });

  it('refuses a body larger than the limit with 413', () => {
    expect(refusal(JSON.stringify({ text: 'x'.repeat(2000) }))?.status).toBe(413);
  });

  it('refuses invalid UTF-8, NUL and lone surrogates with the path of the value', () => {
    expect(refusal(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]))?.message).toBe(
      'the body is not valid UTF-8',
    );
    expect(refusal('{"fullName":"a\\u0000b"}')?.message).toBe('body.fullName must not contain a NUL character');
    expect(refusal('{"victims":[{"fullName":"\\ud800"}]}')?.message).toBe(
      'body.victims[0].fullName must be valid Unicode text (it holds a lone surrogate)',
    );
    expect(refusal('{"text":"\\ud83d\\ude00 fine"}')).toBeUndefined();
  });

  it('refuses __proto__, constructor and prototype keys anywhere, naming where', () => {
    expect(bodyValueProblem(JSON.parse('{"a":{"__proto__":{"admin":true}}}'))).toBe(
      'body.a.__proto__: the key __proto__ is not allowed',
    );
    expect(bodyValueProblem(JSON.parse('{"list":[{"constructor":{"prototype":1}}]}'))).toBe(
      'body.list[0].constructor: the key constructor is not allowed',
    );
    expect(bodyValueProblem({ prototype: 1 })).toBe('body.prototype: the key prototype is not allowed');
    expect(bodyValueProblem({ text: 'constructor and __proto__ as words are fine' })).toBeUndefined();
  });

  it('refuses text that is not JSON with 400', () => {
    expect(refusal('{"text": ')?.status).toBe(400);
  });
});
