import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projection keeps the case's view as the workflow last wrote it, so reading a case never queries its workflow:
 * a query reaching a worker that had just replaced a killed one could leave the case unable to replay.
 */
export class CaseProjectionView1766200000000 implements MigrationInterface {
  name = 'CaseProjectionView1766200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_projections" ADD COLUMN "view" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "case_projections" DROP COLUMN "view"`);
  }
}
