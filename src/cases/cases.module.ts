import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ParticipantsModule } from '../participants/participants.module';
import { CaseAccessService } from './case-access.service';
import { CaseActionsController } from './case-actions.controller';
import { CaseActionsService } from './case-actions.service';
import { CaseParticipantsController } from './case-participants.controller';
import { CaseParticipantsService } from './case-participants.service';
import { CaseProjectionEntity } from './case-projection.entity';
import { CaseQueriesService } from './case-queries.service';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

/** Starting and steering cases over HTTP: each action a workflow update, lists from the projection. */
@Module({
  imports: [TypeOrmModule.forFeature([CaseProjectionEntity]), AuditModule, ParticipantsModule],
  controllers: [CasesController, CaseActionsController, CaseParticipantsController],
  providers: [CasesService, CaseActionsService, CaseAccessService, CaseQueriesService, CaseParticipantsService],
  exports: [CasesService, CaseActionsService, CaseAccessService, CaseQueriesService, CaseParticipantsService],
})
export class CasesModule {}
