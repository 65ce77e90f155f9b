import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppConfigModule } from '../../src/config/config.module';
import { DatabaseModule } from '../../src/database/database.module';
import { CreateParticipants1764000100000 } from '../../src/database/migrations/1764000100000-CreateParticipants';
import { ParticipantsModule } from '../../src/participants/participants.module';
import { ParticipantsService } from '../../src/participants/participants.service';
import { StaffModule } from '../../src/staff/staff.module';
import { StaffService } from '../../src/staff/staff.service';

describe('participants and staff in PostgreSQL', () => {
  let module: TestingModule;
  let participants: ParticipantsService;
  let staff: StaffService;
  const caseNumber = `PART-${Date.now()}`;

  beforeAll(async () => {
    module = await Test.createTestingModule({
      imports: [AppConfigModule, DatabaseModule, ParticipantsModule, StaffModule],
    }).compile();
    participants = module.get(ParticipantsService);
    staff = module.get(StaffService);
  });

  afterAll(async () => {
    await module?.close();
  });

  it('creates a case’s participants in the caller’s transaction and reads them back by case and id', async () => {
    const created = await module.get(DataSource).transaction((manager) =>
      participants.createForCase(
        caseNumber,
        [
          { id: `${caseNumber}-rp`, role: 'responsible_party', fullName: 'Rae Parker', timeZone: 'America/Chicago' },
          {
            id: `${caseNumber}-v1`,
            role: 'victim',
            fullName: 'Vic Tim',
            email: 'vic@example.test',
            phone: '+15550001111',
            language: 'es',
            timeZone: 'America/New_York',
            contactPreference: 'email_only',
            address: '1 Elm St',
            demographics: { ageGroup: '25-34' },
          },
        ],
        manager,
      ),
    );

    expect(created).toHaveLength(2);
    const byCase = await participants.findByCase(caseNumber);
    expect(byCase.map((p) => p.id).sort()).toEqual([`${caseNumber}-rp`, `${caseNumber}-v1`]);
    const victim = await participants.findById(`${caseNumber}-v1`);
    expect(victim).toMatchObject({
      role: 'victim',
      language: 'es',
      preferredChannels: ['email', 'sms'],
      contactPreference: 'email_only',
      demographics: { ageGroup: '25-34' },
    });
    expect(await participants.findById('nobody')).toBeNull();
  });

  it('applies a contact correction and leaves the other fields alone', async () => {
    const updated = await participants.update(`${caseNumber}-rp`, {
      phone: '+15550002222',
      preferredChannels: ['sms'],
    });

    expect(updated).toMatchObject({ phone: '+15550002222', preferredChannels: ['sms'], fullName: 'Rae Parker' });
    expect(await participants.findById(`${caseNumber}-rp`)).toMatchObject({ phone: '+15550002222' });
  });

  it('refuses a phone number that is not E.164', async () => {
    await expect(participants.update(`${caseNumber}-rp`, { phone: '555-1234' })).rejects.toThrow(/check constraint/);
  });

  it('upserts staff members and finds the clerks of a court', async () => {
    const court = `court-${Date.now()}`;
    await staff.upsert({ id: `${court}-c1`, role: 'clerk', fullName: 'Cleo Clerk', email: 'c1@court.test', court });
    await staff.upsert({ id: `${court}-c2`, role: 'clerk', fullName: 'Carl Clerk', email: 'c2@court.test', court });
    await staff.upsert({ id: `${court}-c2`, role: 'clerk', fullName: 'Carl Clerk', email: 'new@court.test', court });
    await staff.upsert({ id: `${court}-p`, role: 'prosecutor', fullName: 'Pat Pros', email: 'p@da.test' });

    const clerks = await staff.findClerksForCourt(court);
    expect(clerks.map((c) => [c.id, c.email])).toEqual([
      [`${court}-c1`, 'c1@court.test'],
      [`${court}-c2`, 'new@court.test'],
    ]);
    expect(await staff.findById(`${court}-p`)).toMatchObject({ role: 'prosecutor', court: null });
  });

  it('has a migration that can be reverted and re-applied', async () => {
    const runner = module.get(DataSource).createQueryRunner();
    try {
      await runner.startTransaction();
      const migration = new CreateParticipants1764000100000();
      await migration.down(runner);
      expect(await runner.hasTable('participants')).toBe(false);
      await migration.up(runner);
      expect(await runner.hasTable('participants')).toBe(true);
      expect(await runner.hasTable('staff_members')).toBe(true);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
