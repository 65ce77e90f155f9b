import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Delivery: the notification log (one row per message and channel), SMS consent per number, notices with their PDF. */
export class CreateDelivery1764000110000 implements MigrationInterface {
  name = 'CreateDelivery1764000110000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "notification_log" (
        "id" BIGSERIAL PRIMARY KEY,
        "logical_key" text NOT NULL,
        "request_key" text NOT NULL,
        "case_number" text NOT NULL,
        "event" text NOT NULL,
        "recipient_id" text NOT NULL,
        "recipient_role" text NOT NULL,
        "channel" text NOT NULL CHECK ("channel" IN ('email', 'sms')),
        "status" text NOT NULL CHECK ("status" IN ('pending', 'sent', 'failed', 'suppressed')),
        "message_id" text,
        "provider_id" text,
        "provider_status" text,
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "sent_at" timestamptz
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "notification_log_logical_key" ON "notification_log" ("logical_key")`);
    await queryRunner.query(`CREATE INDEX "notification_log_case_number" ON "notification_log" ("case_number")`);
    await queryRunner.query(`CREATE INDEX "notification_log_provider_id" ON "notification_log" ("provider_id")`);
    await queryRunner.query(`
      CREATE TABLE "sms_consents" (
        "phone" text PRIMARY KEY,
        "status" text NOT NULL CHECK ("status" IN ('opted_in', 'opted_out')),
        "changed_at" timestamptz NOT NULL,
        "source" text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE "notices" (
        "id" uuid PRIMARY KEY,
        "notice_key" text NOT NULL,
        "case_number" text NOT NULL,
        "court" text NOT NULL,
        "kind" text NOT NULL CHECK ("kind" IN ('completion', 'return')),
        "charges_filed" boolean NOT NULL DEFAULT false,
        "pdf" bytea NOT NULL,
        "sha256" char(64) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "acknowledged_at" timestamptz,
        "acknowledged_by" text
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX "notices_notice_key" ON "notices" ("notice_key")`);
    await queryRunner.query(`CREATE INDEX "notices_court" ON "notices" ("court", "created_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notices"`);
    await queryRunner.query(`DROP TABLE "sms_consents"`);
    await queryRunner.query(`DROP TABLE "notification_log"`);
  }
}
