import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The case projection that lists, the task list and reports read (kept current by the recordCaseEvent activity). */
export class CreateCaseProjections1764000200000 implements MigrationInterface {
  name = 'CreateCaseProjections1764000200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "case_projections" (
        "case_number" text PRIMARY KEY,
        "court" text,
        "jurisdiction" text,
        "stage" text NOT NULL,
        "needs_review" boolean NOT NULL DEFAULT false,
        "review_reason" text,
        "review_since" timestamptz,
        "review_obligation_id" text,
        "next_deadline" timestamptz,
        "stage_deadline" timestamptz,
        "charging_deadline" timestamptz NOT NULL,
        "coordinator_id" text NOT NULL,
        "prosecutor_id" text NOT NULL,
        "offence_category" text NOT NULL,
        "offence_severity" text,
        "demographics" jsonb,
        "referral_date" timestamptz NOT NULL,
        "participant_response" text,
        "victims" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "conference_at" timestamptz,
        "conference_held_at" timestamptz,
        "obligations" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "restitution_ordered_cents" integer NOT NULL DEFAULT 0,
        "restitution_paid_cents" integer NOT NULL DEFAULT 0,
        "service_hours_ordered" double precision NOT NULL DEFAULT 0,
        "service_hours_logged" double precision NOT NULL DEFAULT 0,
        "stage_entered_at" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "closed_at" timestamptz,
        "close_reason" text,
        "event_count" integer NOT NULL DEFAULT 0,
        "request_fingerprint" text,
        "idempotency_key" text,
        "workflow_input" jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "case_projections_coordinator" ON "case_projections" ("coordinator_id")`);
    await queryRunner.query(`CREATE INDEX "case_projections_stage" ON "case_projections" ("stage")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "case_projections"`);
  }
}
