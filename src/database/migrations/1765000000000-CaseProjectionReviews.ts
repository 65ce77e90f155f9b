import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case holds a set of reviews, not one slot: the projection keeps them (and the stage's pending actions) as the
 * workflow sends them, the policy day for reports, and restitution sums as bigint.
 */
export class CaseProjectionReviews1765000000000 implements MigrationInterface {
  name = 'CaseProjectionReviews1765000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE "case_projections"
        ADD COLUMN "reviews" jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN "pending_actions" jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN "policy_day_ms" bigint NOT NULL DEFAULT 86400000,
        DROP COLUMN "review_reason",
        DROP COLUMN "review_since",
        DROP COLUMN "review_obligation_id",
        ALTER COLUMN "restitution_ordered_cents" TYPE bigint,
        ALTER COLUMN "restitution_paid_cents" TYPE bigint`);
    await queryRunner.query(`CREATE INDEX "case_projections_needs_review" ON "case_projections" ("needs_review")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "case_projections_needs_review"`);
    await queryRunner.query(`
      ALTER TABLE "case_projections"
        DROP COLUMN "reviews",
        DROP COLUMN "pending_actions",
        DROP COLUMN "policy_day_ms",
        ADD COLUMN "review_reason" text,
        ADD COLUMN "review_since" timestamptz,
        ADD COLUMN "review_obligation_id" text,
        ALTER COLUMN "restitution_ordered_cents" TYPE integer,
        ALTER COLUMN "restitution_paid_cents" TYPE integer`);
  }
}
