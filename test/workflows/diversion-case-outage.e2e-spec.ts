/**
 * A worker outage, on a Temporal dev server: the time-skipping server cannot hand a stopped worker's cases to the
 * next worker (it has no sticky schedule-to-start timeout), so this file runs on a real server, where time is the
 * wall clock's, with a compressed policy (a policy day is a second).
 */
import { compressedPolicy, DEFAULT_POLICY } from '../../workflows/diversion-case/policy';
import { eventually } from '../support/eventually';
import { setUpHarness } from './diversion-case-harness';

const DAY = 1_000;

describe('diversion case reminders across a worker outage on a dev server', () => {
  const harness = setUpHarness('diversion-case-outage', 'dev-server');

  const near = (actual: number, expected: number): void => expect(Math.abs(actual - expected)).toBeLessThan(DAY / 2);

  // Defect: after an outage the case woke with every missed reminder due at once and sent them all in one burst,
  // "7 days before" reminders on and after the due date included.
  it('skips the reminders an outage of the worker made stale, recording why, and keeps the ones still ahead', async () => {
    const policy = compressedPolicy(DAY, {
      reminders: { ...DEFAULT_POLICY.reminders, overdueNoticeDaysAfterDue: 3, lateToleranceHours: 6 },
    });
    const { handle, planStart: p } = await harness.toMonitoring(
      'OUTAGE',
      (start) => [
        // Reminders on days 3, 7 and 9; due on day 10; overdue notice on day 13.
        { id: 'letter', type: 'apology_letter', dueMs: start + 10 * DAY },
        // Reminders on days 7, 11 and 13; due on day 14.
        { id: 'essay', type: 'other', description: 'essay', dueMs: start + 14 * DAY },
      ],
      { policy },
      DAY,
    );
    await harness.sleepUntil(p + 4 * DAY);
    await harness.pauseWorker();
    // Down from day 4 to day 11.3: the letter falls due meanwhile, the essay's day-11 reminder is more than the
    // policy's 6 hours late once the worker is back, and its day-13 reminder is still ahead.
    await harness.sleepUntil(p + 11.3 * DAY);
    await harness.resumeWorker();

    // The restarted worker replays the case and fires what came due in one workflow task; its messages go after it.
    const view = await eventually(async () => {
      const v = await harness.view(handle);
      if (!v.history.some((h) => h.type === 'reminder_skipped' && h.atMs > p + 11 * DAY)) throw new Error('not yet');
      return v;
    }, 10_000);
    await eventually(async () => {
      if (((await handle.describe()).raw.pendingActivities?.length ?? 0) > 0) throw new Error('messages in flight');
    }, 10_000);
    const skipped = harness.fakes
      .eventsOf('OUTAGE', 'reminder_skipped')
      .filter((e) => e.details.reminder === 'obligation_reminder');
    expect(skipped.map((e) => `${e.details.obligationId} ${e.details.label} ${e.details.reason}`).sort()).toEqual([
      'essay 3d late',
      'essay 7d superseded',
      'letter 1d event_passed',
      'letter 3d event_passed',
    ]);
    for (const e of skipped) expect(e.occurredAtMs).toBeGreaterThanOrEqual(p + 11.3 * DAY);
    // Nothing went out in a burst when the worker came back: the only reminder sent is the one sent on time.
    const sent = harness.fakes.sent('OUTAGE', 'obligation_reminder');
    expect(sent.map((r) => `${r.value.data.obligationId} ${r.value.data.label}`)).toEqual(['letter 7d']);
    near(sent[0]!.atMs, p + 3 * DAY);
    // What is still ahead stays scheduled: the essay's day-13 reminder and the letter's overdue notice.
    const ahead = view.dueItems.filter((d) => d.kind.startsWith('obligation'));
    expect(ahead.map((d) => [d.key.replace(/@\d+/, ''), Math.round((d.atMs - p) / DAY)])).toEqual([
      ['obligation:essay:1d', 13],
      ['obligation:letter:overdue', 13],
      ['obligation:essay:overdue', 17],
      ['obligation:letter:review', 24],
      ['obligation:essay:review', 28],
    ]);
  });
});
