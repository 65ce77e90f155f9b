import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { encryptingDataConverter } from './data-converter';
import { failureConverter } from './failure-converter';

describe('the encrypting data converter', () => {
  const settings = { keys: [{ id: 'k1', secret: randomBytes(32).toString('base64') }], activeKeyId: 'k1' };

  it('moves a failure’s message and stack trace into a payload, which the codec then encrypts', async () => {
    const failure = failureConverter.errorToFailure(
      ApplicationFailure.nonRetryable('note "Met at the library" was refused'),
      defaultPayloadConverter,
    );
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    const [sealed] =
      (await encryptingDataConverter(settings).payloadCodecs?.[0]?.encode([failure.encodedAttributes!])) ?? [];

    expect(Buffer.from(sealed?.data ?? []).toString()).not.toContain('library');
    expect(Buffer.from(sealed?.metadata?.encoding ?? []).toString()).toBe('binary/encrypted');
  });

  it('loads the failure converter by path, as the worker and its workflow bundle do', async () => {
    const { failureConverterPath } = encryptingDataConverter(settings);
    const loaded = (await import(failureConverterPath!)) as { failureConverter: unknown };
    expect(loaded.failureConverter).toBe(failureConverter);
  });
});
