import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SmsConsentEntity, type SmsConsentStatus } from './sms-consent.entity';

/** SMS consent per phone number: STOP opts out at once, START opts back in. No record means opted in. */
@Injectable()
export class SmsConsentService {
  constructor(@InjectRepository(SmsConsentEntity) private readonly consents: Repository<SmsConsentEntity>) {}

  async isOptedOut(phone: string): Promise<boolean> {
    return (await this.consents.findOneBy({ phone }))?.status === 'opted_out';
  }

  /** Sets the status; returns whether it changed (so a repeated STOP sends no second confirmation). */
  async set(phone: string, status: SmsConsentStatus, source: string): Promise<boolean> {
    const result: unknown[] = await this.consents.query(
      `INSERT INTO "sms_consents" ("phone", "status", "changed_at", "source") VALUES ($1, $2, now(), $3)
       ON CONFLICT ("phone") DO UPDATE SET "status" = EXCLUDED."status", "changed_at" = now(), "source" = EXCLUDED."source"
       WHERE "sms_consents"."status" <> EXCLUDED."status"
       RETURNING "phone"`,
      [phone, status, source],
    );
    return result.length > 0;
  }

  find(phone: string): Promise<SmsConsentEntity | null> {
    return this.consents.findOneBy({ phone });
  }
}
