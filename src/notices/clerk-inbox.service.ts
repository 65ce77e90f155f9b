import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedActor } from '../auth/auth.types';
import { CaseAccessService } from '../cases/case-access.service';
import type { NoticeSummary } from './notice.types';
import { NoticesService } from './notices.service';

/**
 * The clerk inbox's rules, for the JSON API and the staff workspace alike: a clerk sees the notices of their own court
 * (the token's `court` claim) only, and the first acknowledgement of a notice is an audit event.
 */
@Injectable()
export class ClerkInboxService {
  constructor(
    private readonly notices: NoticesService,
    private readonly cases: CaseAccessService,
    private readonly audit: AuditService,
  ) {}

  list(actor: AuthenticatedActor, opts: { unacknowledgedOnly?: boolean } = {}): Promise<NoticeSummary[]> {
    return this.notices.listForCourt(courtOf(actor), opts);
  }

  /** The notice and its PDF, when it belongs to the clerk's court (404 unknown, 403 another court). */
  async ownNotice(id: string, actor: AuthenticatedActor): Promise<{ notice: NoticeSummary; pdf: Buffer }> {
    const court = courtOf(actor);
    const found = await this.notices.getDocument(id);
    if (!found) throw new NotFoundException(`notice ${id} not found`);
    if (found.notice.court !== court) throw new ForbiddenException('this notice belongs to another court');
    return found;
  }

  /** Acknowledges receipt; only the first acknowledgement changes anything and is audited. */
  async acknowledge(id: string, actor: AuthenticatedActor): Promise<NoticeSummary> {
    const { notice } = await this.ownNotice(id, actor);
    const acknowledged = await this.notices.acknowledge(id, actor.id);
    if (notice.acknowledgedAt === null) await this.recordAcknowledgement(acknowledged, actor);
    return acknowledged;
  }

  private async recordAcknowledgement(notice: NoticeSummary, actor: AuthenticatedActor): Promise<void> {
    const stage = (await this.cases.find(notice.caseNumber).catch(() => undefined))?.stage ?? null;
    await this.audit.append({
      caseNumber: notice.caseNumber,
      eventKey: `api:notice_acknowledged:${notice.id}`,
      type: 'notice_acknowledged',
      stageFrom: stage,
      stageTo: stage,
      actorId: actor.id,
      actorRole: 'clerk',
      details: { noticeId: notice.id, kind: notice.kind, sha256: notice.sha256 },
      occurredAt: notice.acknowledgedAt ?? new Date(),
    });
  }
}

function courtOf(actor: AuthenticatedActor): string {
  if (!actor.court) throw new ForbiddenException('the token names no court (court claim)');
  return actor.court;
}
