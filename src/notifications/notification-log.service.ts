import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { type DeliveryChannel, NotificationLogEntity } from './notification-log.entity';

export interface LogKey {
  logicalKey: string;
  requestKey: string;
  caseNumber: string;
  event: string;
  recipientId: string;
  recipientRole: string;
  channel: DeliveryChannel;
}

/** The notification log: the record that makes delivery exactly-once across retries and replays. */
@Injectable()
export class NotificationLogService {
  constructor(@InjectRepository(NotificationLogEntity) private readonly log: Repository<NotificationLogEntity>) {}

  /**
   * Claims the logical key: inserts a pending row (its own statement, committed at once) or returns the existing one,
   * with `attempts` counted up. `fresh` is true only for the first claim.
   */
  async claim(key: LogKey): Promise<{ row: NotificationLogEntity; fresh: boolean }> {
    const inserted: unknown[] = await this.log.query(
      `INSERT INTO "notification_log"
         ("logical_key", "request_key", "case_number", "event", "recipient_id", "recipient_role", "channel", "status",
          "attempts")
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 1)
       ON CONFLICT ("logical_key") DO NOTHING RETURNING "id"`,
      [key.logicalKey, key.requestKey, key.caseNumber, key.event, key.recipientId, key.recipientRole, key.channel],
    );
    if (inserted.length > 0) {
      return { row: await this.log.findOneByOrFail({ logicalKey: key.logicalKey }), fresh: true };
    }
    await this.log.increment({ logicalKey: key.logicalKey }, 'attempts', 1);
    return { row: await this.log.findOneByOrFail({ logicalKey: key.logicalKey }), fresh: false };
  }

  /**
   * Records that the provider accepted the message. Returns false when the provider id is already attributed to
   * another logical message (the unique index on SMS provider ids refuses it); the row stays as it was.
   */
  async markSent(logicalKey: string, providerId: string, messageId?: string): Promise<boolean> {
    try {
      await this.log.update(
        { logicalKey },
        { status: 'sent', providerId, sentAt: new Date(), lastError: null, ...(messageId ? { messageId } : {}) },
      );
      return true;
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: unknown }).code === '23505') return false;
      throw error;
    }
  }

  /** Opens an attempt window, committed before the provider is called, so a crash during the call leaves it behind. */
  async beginAttempt(logicalKey: string, startMs: number): Promise<void> {
    await this.log.query(
      `UPDATE "notification_log" SET "attempt_windows" = "attempt_windows" || $2::jsonb, "updated_at" = now()
       WHERE "logical_key" = $1`,
      [logicalKey, JSON.stringify([{ startMs }])],
    );
  }

  /** Closes the latest attempt window once the provider call returned (or failed) without a usable answer. */
  async endAttempt(logicalKey: string, endMs: number): Promise<void> {
    await this.log.query(
      `UPDATE "notification_log"
         SET "attempt_windows" = jsonb_set("attempt_windows", ARRAY[(jsonb_array_length("attempt_windows") - 1)::text, 'endMs'], to_jsonb($2::bigint))
       WHERE "logical_key" = $1 AND jsonb_array_length("attempt_windows") > 0`,
      [logicalKey, endMs],
    );
  }

  /** The SMS provider ids among `providerIds` that the log attributes to some logical message already. */
  async attributedSmsIds(providerIds: string[]): Promise<Set<string>> {
    if (providerIds.length === 0) return new Set();
    const rows: Array<{ provider_id: string }> = await this.log.query(
      `SELECT "provider_id" FROM "notification_log" WHERE "channel" = 'sms' AND "provider_id" = ANY($1)`,
      [providerIds],
    );
    return new Set(rows.map((r) => r.provider_id));
  }

  async markFailed(logicalKey: string, error: string): Promise<void> {
    await this.log.update({ logicalKey }, { status: 'failed', lastError: error });
  }

  async recordError(logicalKey: string, error: string): Promise<void> {
    await this.log.update({ logicalKey }, { lastError: error });
  }

  async markSuppressed(logicalKey: string, reason: string): Promise<void> {
    await this.log.update({ logicalKey }, { status: 'suppressed', lastError: reason });
  }

  /** A Twilio status callback: records the provider's status on the message it names. */
  async recordProviderStatus(providerId: string, status: string): Promise<boolean> {
    const result = await this.log.update({ providerId }, { providerStatus: status });
    return (result.affected ?? 0) > 0;
  }

  findByCase(caseNumber: string): Promise<NotificationLogEntity[]> {
    return this.log.find({ where: { caseNumber }, order: { id: 'ASC' } });
  }

  findByKey(logicalKey: string): Promise<NotificationLogEntity | null> {
    return this.log.findOneBy({ logicalKey });
  }
}
