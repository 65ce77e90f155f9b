import { Client } from 'pg';
import { DEV_STAFF } from '../auth/dev-token';

/**
 * The embedded default's development staff (the people the banner prints tokens for), so their alerts, closure
 * requests and the clerk's completion notice reach the outbox. Existing rows are left as an admin edited them.
 */
export async function seedDevStaff(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const staff of Object.values(DEV_STAFF)) {
      await client.query(
        `INSERT INTO staff_members (id, role, full_name, email, court) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO NOTHING`,
        [staff.sub, staff.roles[0], staff.fullName, staff.email, 'court' in staff ? staff.court : null],
      );
    }
  } finally {
    await client.end();
  }
}
