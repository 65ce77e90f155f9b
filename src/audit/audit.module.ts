import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** The audit trail, for the API (its own audited actions, reads) and the worker (workflow events). */
@Module({ providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
