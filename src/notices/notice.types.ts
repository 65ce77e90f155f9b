import type { NoticeKind } from './notice.entity';

/** A notice as the clerk inbox lists it (no PDF bytes). */
export interface NoticeSummary {
  id: string;
  caseNumber: string;
  court: string;
  kind: NoticeKind;
  sha256: string;
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
}
