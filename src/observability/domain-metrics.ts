import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { CASE_STAGES } from '../../workflows/diversion-case/diversion-case.contract';

/** The domain metrics' names, for the dashboard test (checked against a live scrape end to end). */
export const DOMAIN_METRIC_NAMES = [
  'diversion_cases',
  'diversion_open_reviews',
  'diversion_messages',
  'diversion_notices_awaiting_acknowledgement',
  'diversion_delivery_latency_seconds',
  'diversion_notify_attempts_total',
] as const;

/** What happened to one message on one channel, as the notification log and the audit trail record it. */
export type MessageOutcome =
  | 'sent'
  | 'failed'
  | 'pending'
  | 'suppressed_consent'
  | 'suppressed_preference'
  | 'suppressed_no_contact'
  | 'skipped_stale';

/** How a `notify` activity attempt ended (the worker's activity interceptor observes it). */
export type NotifyAttemptResult = 'delivered' | 'retrying' | 'held_quiet_hours' | 'refused';

export interface NotifyAttempt {
  requestKey: string;
  event: string;
  result: NotifyAttemptResult;
  /** When the message was due (the request's `dueAtMs`). */
  dueAtMs: number | undefined;
  startedAtMs: number;
}

/**
 * The worker's domain metrics. Counts are read from PostgreSQL at scrape time (the projection, the notification log,
 * the audit trail and the notices), so they are right across restarts and however many workers run; what only a
 * worker sees (how late a message went out, how a delivery attempt ended) is observed as it happens.
 */
@Injectable()
export class DomainMetrics {
  readonly registry = new Registry();
  private readonly latency: Histogram<'channel' | 'event'>;
  private readonly attempts: Counter<'event' | 'result'>;

  constructor(private readonly database: DataSource) {
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    const query = <T>(sql: string): Promise<T[]> => this.rows<T>(sql);
    new Gauge({
      name: 'diversion_cases',
      help: 'Cases by stage (open and closed), from the case projection',
      labelNames: ['stage'],
      registers,
      async collect() {
        const rows = await query<{ stage: string; count: string }>(
          'SELECT stage, count(*) AS count FROM case_projections GROUP BY stage',
        );
        this.reset();
        for (const stage of CASE_STAGES) this.set({ stage }, 0);
        for (const row of rows) this.set({ stage: row.stage }, Number(row.count));
      },
    });
    new Gauge({
      name: 'diversion_open_reviews',
      help: 'Open reviews by reason code, from the case projection',
      labelNames: ['reason'],
      registers,
      async collect() {
        const rows = await query<{ reason: string; count: string }>(
          `SELECT review->>'reasonCode' AS reason, count(*) AS count
             FROM case_projections, jsonb_array_elements(reviews) AS review GROUP BY 1`,
        );
        this.reset();
        for (const row of rows) this.set({ reason: row.reason }, Number(row.count));
      },
    });
    new Gauge({
      name: 'diversion_messages',
      help: 'Messages by channel, event and outcome, from the notification log (and reminders skipped as stale)',
      labelNames: ['channel', 'event', 'outcome'],
      registers,
      async collect() {
        const logged = await query<{
          channel: string;
          event: string;
          status: string;
          reason: string | null;
          count: string;
        }>(
          `SELECT channel, event, status, CASE WHEN status = 'suppressed' THEN last_error END AS reason, count(*) AS count
             FROM notification_log GROUP BY 1, 2, 3, 4`,
        );
        const skipped = await query<{ event: string; count: string }>(
          `SELECT coalesce(details->>'reminder', 'unknown') AS event, count(*) AS count
             FROM case_events WHERE type = 'reminder_skipped' GROUP BY 1`,
        );
        this.reset();
        for (const row of logged) {
          this.inc(
            { channel: row.channel, event: row.event, outcome: messageOutcome(row.status, row.reason) },
            Number(row.count),
          );
        }
        for (const row of skipped)
          this.set({ channel: 'none', event: row.event, outcome: 'skipped_stale' }, Number(row.count));
      },
    });
    new Gauge({
      name: 'diversion_notices_awaiting_acknowledgement',
      help: 'Completion and return notices the clerk has not acknowledged yet, by kind',
      labelNames: ['kind'],
      registers,
      async collect() {
        const rows = await query<{ kind: string; count: string }>(
          'SELECT kind, count(*) AS count FROM notices WHERE acknowledged_at IS NULL GROUP BY kind',
        );
        this.reset();
        for (const row of rows) this.set({ kind: row.kind }, Number(row.count));
      },
    });
    this.latency = new Histogram({
      name: 'diversion_delivery_latency_seconds',
      help: 'From when a message was due to when its provider accepted it (reminder lateness), by channel and event',
      labelNames: ['channel', 'event'],
      buckets: [0.5, 1, 5, 15, 30, 60, 300, 900, 3600, 4 * 3600, 12 * 3600, 24 * 3600],
      registers,
    });
    this.attempts = new Counter({
      name: 'diversion_notify_attempts_total',
      help: 'notify activity attempts by event and result (delivered, retrying, held_quiet_hours, refused)',
      labelNames: ['event', 'result'],
      registers,
    });
  }

  /**
   * One notify attempt ended. Every channel the provider accepted during it (the notification log's `sent_at`, set
   * when the provider answered) is observed against the message's due time; a retry never observes a channel twice.
   */
  async notifyAttempt(attempt: NotifyAttempt): Promise<void> {
    this.attempts.inc({ event: attempt.event, result: attempt.result });
    if (attempt.dueAtMs === undefined) return;
    const sent = await this.rows<{ channel: string; sent_at: Date }>(
      `SELECT channel, sent_at FROM notification_log WHERE request_key = $1 AND status = 'sent' AND sent_at >= $2`,
      [attempt.requestKey, new Date(attempt.startedAtMs)],
    );
    for (const row of sent) {
      const seconds = Math.max(0, row.sent_at.getTime() - attempt.dueAtMs) / 1000;
      this.latency.observe({ channel: row.channel, event: attempt.event }, seconds);
    }
  }

  private async rows<T>(sql: string, parameters?: unknown[]): Promise<T[]> {
    const rows: T[] = await this.database.query(sql, parameters);
    return rows;
  }
}

/** The notification log's status (and, when suppressed, its reason) as an outcome label. */
export function messageOutcome(status: string, reason: string | null): MessageOutcome {
  if (status === 'sent' || status === 'failed' || status === 'pending') return status;
  if (reason && /opted out/i.test(reason)) return 'suppressed_consent';
  if (reason && /^no /i.test(reason)) return 'suppressed_no_contact';
  return 'suppressed_preference';
}
