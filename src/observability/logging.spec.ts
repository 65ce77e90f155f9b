import { Writable } from 'node:stream';
import { createLogger, PinoTemporalLogger } from './logging';

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, lines };
}

describe('the structured logger', () => {
  it('redacts names and contact details even when a whole participant is logged by mistake', () => {
    const { stream, lines } = capture();
    const logger = createLogger({ logFormat: 'json', logLevel: 'log', service: 'api' }, stream);

    logger.info(
      {
        caseNumber: '2026-0042',
        responsibleParty: { fullName: 'Jordan Rivera', email: 'jordan@example.org' },
        recipient: { id: 'p-1', email: 'sam@example.org', phone: '+15551230002', name: 'Sam Lee' },
      },
      'delivered',
    );

    const [line] = lines();
    expect(line).toMatchObject({ service: 'api', caseNumber: '2026-0042', msg: 'delivered', level: 30 });
    expect(line?.responsibleParty).toBe('[redacted]');
    expect(line?.recipient).toEqual({ id: 'p-1', email: '[redacted]', phone: '[redacted]', name: '[redacted]' });
  });

  it('writes the Temporal SDK lines through pino at their level, with the run id under the name ours use', () => {
    const { stream, lines } = capture();
    const sdk = new PinoTemporalLogger(
      createLogger({ logFormat: 'json', logLevel: 'debug', service: 'worker' }, stream),
    );

    sdk.warn('Activity failed', {
      workflowId: 'diversion-case-2026-0042',
      workflowRunId: 'run-1',
      activityType: 'notify',
    });
    sdk.trace('below the level');

    expect(lines()).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'Activity failed',
        workflowId: 'diversion-case-2026-0042',
        runId: 'run-1',
        activityType: 'notify',
      }),
    ]);
    expect(lines()[0]).not.toHaveProperty('workflowRunId');
  });
});
