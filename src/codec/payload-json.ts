import { BadRequestException } from '@nestjs/common';
import type { Payload } from '@temporalio/common';

/** A payload as the codec-server protocol carries it: the protobuf JSON form, bytes in base64. */
export interface PayloadJson {
  metadata?: Record<string, string>;
  data?: string;
}

/** How many payloads one request may carry; the Web UI sends one event's payloads at a time. */
export const MAX_PAYLOADS_PER_REQUEST = 1000;

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Reads `{ payloads: [...] }` (protobuf JSON of temporal.api.common.v1.Payloads). Fields other than `metadata` and
 * `data` (newer protocol fields this service does not use) are ignored; anything malformed is a 400 naming where.
 */
export function payloadsFromJson(body: unknown): Payload[] {
  if (!isRecord(body) || !Array.isArray(body.payloads)) {
    throw new BadRequestException('the body must be a JSON object { "payloads": [...] } (Temporal codec protocol)');
  }
  if (body.payloads.length > MAX_PAYLOADS_PER_REQUEST) {
    throw new BadRequestException(`at most ${MAX_PAYLOADS_PER_REQUEST} payloads per request`);
  }
  return body.payloads.map((payload: unknown, index) => {
    const where = `payloads[${index}]`;
    if (!isRecord(payload)) throw new BadRequestException(`${where} must be an object with metadata and data`);
    const { metadata, data } = payload;
    if (metadata !== undefined && metadata !== null && !isRecord(metadata)) {
      throw new BadRequestException(`${where}.metadata must be an object of base64 strings`);
    }
    // fromEntries defines properties, so a "__proto__" key stays a plain (harmless) key.
    const decoded = Object.fromEntries(
      Object.entries(metadata ?? {}).map(([key, value]) => [key, base64(value, `${where}.metadata.${key}`)]),
    );
    return { metadata: decoded, data: data === undefined || data === null ? undefined : base64(data, `${where}.data`) };
  });
}

export function payloadsToJson(payloads: Payload[]): { payloads: PayloadJson[] } {
  return {
    payloads: payloads.map(({ metadata, data }) => ({
      metadata: Object.fromEntries(
        Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
      ),
      ...(data ? { data: Buffer.from(data).toString('base64') } : {}),
    })),
  };
}

function base64(value: unknown, where: string): Buffer {
  if (typeof value !== 'string' || !BASE64.test(value)) throw new BadRequestException(`${where} must be base64`);
  return Buffer.from(value, 'base64');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
