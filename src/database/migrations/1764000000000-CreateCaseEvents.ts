import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The append-only audit trail: UPDATE and DELETE are refused by a trigger, not by convention. */
export class CreateCaseEvents1764000000000 implements MigrationInterface {
  name = 'CreateCaseEvents1764000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "case_events" (
        "id" BIGSERIAL PRIMARY KEY,
        "case_number" text NOT NULL,
        "sequence" integer NOT NULL,
        "event_key" text NOT NULL,
        "type" text NOT NULL,
        "stage_from" text,
        "stage_to" text,
        "actor_id" text NOT NULL,
        "actor_role" text NOT NULL,
        "details" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "occurred_at" timestamptz NOT NULL,
        "recorded_at" timestamptz NOT NULL DEFAULT now(),
        "previous_hash" char(64),
        "hash" char(64) NOT NULL
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "case_events_case_sequence" ON "case_events" ("case_number", "sequence")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "case_events_case_event_key" ON "case_events" ("case_number", "event_key")`,
    );
    await queryRunner.query(`
      CREATE FUNCTION case_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER "case_events_append_only" BEFORE UPDATE OR DELETE ON "case_events"
      FOR EACH ROW EXECUTE FUNCTION case_events_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER "case_events_no_truncate" BEFORE TRUNCATE ON "case_events"
      FOR EACH STATEMENT EXECUTE FUNCTION case_events_refuse_change()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "case_events"`);
    await queryRunner.query(`DROP FUNCTION case_events_refuse_change()`);
  }
}
