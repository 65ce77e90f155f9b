import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { NoticeEntity, type NoticeKind } from './notice.entity';
import type { NoticeSummary } from './notice.types';

export interface NewNotice {
  noticeKey: string;
  caseNumber: string;
  court: string;
  kind: NoticeKind;
  chargesFiled: boolean;
  pdf: Buffer;
}

/** Completion and return notices with their PDF and SHA-256: the clerk inbox reads them through this service. */
@Injectable()
export class NoticesService {
  constructor(@InjectRepository(NoticeEntity) private readonly notices: Repository<NoticeEntity>) {}

  /** Stores the notice once per key; a retried activity gets the stored one (and its PDF) back. */
  async store(notice: NewNotice): Promise<{ notice: NoticeSummary; pdf: Buffer }> {
    const sha256 = createHash('sha256').update(notice.pdf).digest('hex');
    await this.notices
      .createQueryBuilder()
      .insert()
      .values({ id: randomUUID(), ...notice, sha256 })
      .orIgnore()
      .execute();
    const row = await this.notices.findOne({ where: { noticeKey: notice.noticeKey }, select: selectAll() });
    if (!row) throw new Error(`notice ${notice.noticeKey} was not stored`);
    return { notice: toSummary(row), pdf: row.pdf };
  }

  async listForCourt(court: string, opts: { unacknowledgedOnly?: boolean } = {}): Promise<NoticeSummary[]> {
    const rows = await this.notices.find({
      where: { court, ...(opts.unacknowledgedOnly ? { acknowledgedAt: IsNull() } : {}) },
      order: { createdAt: 'DESC' },
    });
    return rows.map(toSummary);
  }

  async getDocument(id: string): Promise<{ notice: NoticeSummary; pdf: Buffer } | null> {
    if (!isUuid(id)) return null;
    const row = await this.notices.findOne({ where: { id }, select: selectAll() });
    return row ? { notice: toSummary(row), pdf: row.pdf } : null;
  }

  /** Records the first acknowledgement; acknowledging again changes nothing. */
  async acknowledge(id: string, clerkId: string): Promise<NoticeSummary> {
    if (!isUuid(id)) throw new NotFoundException(`Notice ${id} not found`);
    await this.notices.update(
      { id, acknowledgedAt: IsNull() },
      { acknowledgedAt: new Date(), acknowledgedBy: clerkId },
    );
    const row = await this.notices.findOneBy({ id });
    if (!row) throw new NotFoundException(`Notice ${id} not found`);
    return toSummary(row);
  }
}

function selectAll(): Record<keyof NoticeEntity, true> {
  return {
    id: true,
    noticeKey: true,
    caseNumber: true,
    court: true,
    kind: true,
    chargesFiled: true,
    pdf: true,
    sha256: true,
    createdAt: true,
    acknowledgedAt: true,
    acknowledgedBy: true,
  };
}

const isUuid = (id: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

function toSummary(row: NoticeEntity): NoticeSummary {
  return {
    id: row.id,
    caseNumber: row.caseNumber,
    court: row.court,
    kind: row.kind,
    sha256: row.sha256,
    createdAt: row.createdAt,
    acknowledgedAt: row.acknowledgedAt,
    acknowledgedBy: row.acknowledgedBy,
  };
}
