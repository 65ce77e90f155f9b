import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CasesModule } from '../cases/cases.module';
import { NoticesController } from './notices.controller';
import { NoticesModule } from './notices.module';

/** The clerk inbox over HTTP (the API process only; the worker uses NoticesModule without it). */
@Module({ imports: [NoticesModule, AuditModule, CasesModule], controllers: [NoticesController] })
export class ClerkInboxModule {}
