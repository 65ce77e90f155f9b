import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exactly once at the provider boundary: each SMS provider id belongs to at most one logical message, every attempt
 * to send records when it talked to the provider (an ambiguous outcome is reconciled against those windows only), and
 * inbound messages are recorded by Twilio's MessageSid so a replayed webhook is answered once.
 */
export class ProviderBoundary1766100000000 implements MigrationInterface {
  name = 'ProviderBoundary1766100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "notification_log" ADD COLUMN "attempt_windows" jsonb NOT NULL DEFAULT '[]'::jsonb`,
    );
    // Before this release a retry could take an earlier message's SID for its own: keep it on the first row only.
    await queryRunner.query(`
      UPDATE "notification_log" AS later
         SET "provider_id" = NULL,
             "last_error" = 'provider id ' || later."provider_id" || ' belongs to an earlier message; this one may not have been sent'
        FROM "notification_log" AS earlier
       WHERE later."channel" = 'sms' AND earlier."channel" = 'sms'
         AND later."provider_id" = earlier."provider_id" AND later."id" > earlier."id"`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX "notification_log_sms_provider_id" ON "notification_log" ("provider_id")
       WHERE "channel" = 'sms' AND "provider_id" IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE "sms_inbound_messages" (
        "message_sid" text PRIMARY KEY,
        "received_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sms_inbound_messages"`);
    await queryRunner.query(`DROP INDEX "notification_log_sms_provider_id"`);
    await queryRunner.query(`ALTER TABLE "notification_log" DROP COLUMN "attempt_windows"`);
  }
}
