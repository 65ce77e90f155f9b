import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Participants with contact preferences, and staff members (by JWT subject) who receive email. */
export class CreateParticipants1764000100000 implements MigrationInterface {
  name = 'CreateParticipants1764000100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "participants" (
        "id" text PRIMARY KEY,
        "case_number" text NOT NULL,
        "role" text NOT NULL
          CHECK ("role" IN ('responsible_party', 'guardian', 'victim', 'support_person')),
        "full_name" text NOT NULL,
        "email" text,
        "phone" text CHECK ("phone" IS NULL OR "phone" ~ '^\\+[1-9][0-9]{6,14}$'),
        "language" text NOT NULL DEFAULT 'en' CHECK ("language" IN ('en', 'es')),
        "preferred_channels" text[] NOT NULL DEFAULT '{}'::text[]
          CHECK ("preferred_channels" <@ ARRAY['email', 'sms']::text[]),
        "time_zone" text NOT NULL,
        "guardian_of_id" text,
        "contact_preference" text NOT NULL DEFAULT 'any'
          CHECK ("contact_preference" IN ('any', 'email_only', 'sms_only', 'letter_only', 'do_not_contact')),
        "address" text,
        "demographics" jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "participants_case_number" ON "participants" ("case_number")`);
    await queryRunner.query(`
      CREATE TABLE "staff_members" (
        "id" text PRIMARY KEY,
        "role" text NOT NULL CHECK ("role" IN ('coordinator', 'prosecutor', 'clerk', 'admin')),
        "full_name" text NOT NULL,
        "email" text NOT NULL,
        "court" text,
        "language" text NOT NULL DEFAULT 'en' CHECK ("language" IN ('en', 'es')),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX "staff_members_role_court" ON "staff_members" ("role", "court")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "staff_members"`);
    await queryRunner.query(`DROP TABLE "participants"`);
  }
}
