import { BadRequestException } from '@nestjs/common';
import { payloadsFromJson, payloadsToJson } from './payload-json';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('codec protocol payload JSON', () => {
  it('reads protobuf JSON payloads and writes them back the same way', () => {
    const body = { payloads: [{ metadata: { encoding: b64('json/plain') }, data: b64('"hi"') }, { metadata: {} }] };

    const payloads = payloadsFromJson(body);

    expect(Buffer.from(payloads[0]?.data ?? []).toString()).toBe('"hi"');
    expect(payloadsToJson(payloads)).toEqual(body);
  });

  it('ignores protocol fields it does not use', () => {
    const payloads = payloadsFromJson({ payloads: [{ data: b64('x'), externalPayloads: [] }] });
    expect(payloadsToJson(payloads)).toEqual({ payloads: [{ metadata: {}, data: b64('x') }] });
  });

  it.each([
    [null, 'the body must be a JSON object { "payloads": [...] } (Temporal codec protocol)'],
    [{ payloads: 'x' }, 'the body must be a JSON object { "payloads": [...] } (Temporal codec protocol)'],
    [{ payloads: [7] }, 'payloads[0] must be an object with metadata and data'],
    [{ payloads: [{ metadata: [] }] }, 'payloads[0].metadata must be an object of base64 strings'],
    [{ payloads: [{ metadata: { encoding: 5 } }] }, 'payloads[0].metadata.encoding must be base64'],
    [{ payloads: [{}, { data: 'not base64!' }] }, 'payloads[1].data must be base64'],
    [{ payloads: new Array(1001).fill({}) }, 'at most 1000 payloads per request'],
  ])('refuses %j with a 400 saying what is wrong', (body, message) => {
    expect(() => payloadsFromJson(body)).toThrow(new BadRequestException(message));
  });

  it('keeps a "__proto__" metadata key a plain key', () => {
    const [payload] = payloadsFromJson(JSON.parse(`{"payloads":[{"metadata":{"__proto__":"${b64('x')}"}}]}`));
    expect(Object.getPrototypeOf(payload?.metadata)).toBe(Object.prototype);
    expect(Object.keys(payload?.metadata ?? {})).toEqual(['__proto__']);
  });
});
