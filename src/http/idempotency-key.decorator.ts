import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** What an Idempotency-Key may be (the OpenAPI document declares the same pattern). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,200}$/;

/** The `Idempotency-Key` header, checked (8–200 of A–Z a–z 0–9 . _ : -), or undefined when absent. */
export const IdempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const request = context.switchToHttp().getRequest<{ headers: Record<string, string | string[] | undefined> }>();
  const raw = request.headers['idempotency-key'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  // An empty header is a key that breaks the rule, not an absent one: refusing it beats applying a retry twice.
  if (value === undefined) return undefined;
  if (!IDEMPOTENCY_KEY_PATTERN.test(value)) {
    throw new BadRequestException(['Idempotency-Key must be 8 to 200 characters of letters, digits, . _ : -']);
  }
  return value;
});
