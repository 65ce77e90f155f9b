import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  ServiceUnavailableException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Client,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { canonicalJson } from '../audit/hash-chain';
import type { AuthenticatedActor } from '../auth/auth.types';
import { casesConfig, type CasesConfig, temporalConfig, type TemporalConfig } from '../config/configuration';
import type { NewParticipant } from '../participants/participant.types';
import { ParticipantsService } from '../participants/participants.service';
import {
  caseAsStarted,
  DIVERSION_CASE_WORKFLOW_TYPE,
  diversionCaseWorkflowId,
  getCase,
  type CaseView,
  type DiversionCaseInput,
} from '../../workflows/diversion-case/diversion-case.contract';
import { compressedPolicy, DEFAULT_POLICY, type Policy } from '../../workflows/diversion-case/policy';
import { CaseProjectionEntity } from './case-projection.entity';
import { ACTION_DEADLINES_MS } from './case-actions.service';
import { caseNotFound } from './case-errors';
import type { CreateCaseDto } from './dto/create-case.dto';
import type { ParticipantInputDto } from './dto/participant-input.dto';

export interface StartedCase {
  /** False when the request repeated one that already created the case (same Idempotency-Key and body). */
  created: boolean;
  view: CaseView;
}

/**
 * Starting a case: participants and the projection row are written in one transaction, then the workflow is started
 * under the case's workflow id (never reused), so a retried POST never makes a second case or orphan rows.
 */
@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly client: Client,
    private readonly participants: ParticipantsService,
    @Inject(temporalConfig.KEY) private readonly temporal: TemporalConfig,
    @Inject(casesConfig.KEY) private readonly cases: CasesConfig,
  ) {}

  async start(dto: CreateCaseDto, actor: AuthenticatedActor, idempotencyKey: string | undefined): Promise<StartedCase> {
    const fingerprint = createHash('sha256').update(canonicalJson(dto)).digest('hex');
    const { input, people } = this.buildInput(dto, actor);
    const created = await this.insertRows(dto, input, people, fingerprint, idempotencyKey);
    const row = created ? undefined : await this.replayable(dto.caseNumber, fingerprint, idempotencyKey);
    return { created, view: await this.startWorkflow(row?.workflowInput ?? input) };
  }

  /**
   * A case as its workflow last wrote it with its events (the projection's view), read from PostgreSQL: reading a
   * case never queries its workflow. A query that reached a worker which had just replaced a killed one could leave
   * the case unable to replay for good (the SDK applied a fired timer under the previous task's clock). A case whose
   * records were last written before the view existed is queried once, as before.
   */
  async liveView(caseNumber: string): Promise<CaseView> {
    const row = await this.dataSource
      .getRepository(CaseProjectionEntity)
      .findOne({ where: { caseNumber }, select: { caseNumber: true, view: true } });
    return this.viewOf(row ?? { caseNumber, view: null });
  }

  /** The same, from the projection row a caller has already read (the access check reads it whole). */
  viewOf(row: Pick<CaseProjectionEntity, 'caseNumber' | 'view'>): Promise<CaseView> {
    return row.view ? Promise.resolve(row.view) : this.queriedView(row.caseNumber);
  }

  /** The case's state by a workflow query; a case that cannot answer in time is a 503, not a hanging request. */
  private async queriedView(caseNumber: string): Promise<CaseView> {
    try {
      return await this.client.withDeadline(Date.now() + ACTION_DEADLINES_MS.accepted, () =>
        this.client.workflow.getHandle(diversionCaseWorkflowId(caseNumber)).query(getCase),
      );
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw caseNotFound(caseNumber);
      throw error;
    }
  }

  private buildInput(
    dto: CreateCaseDto,
    actor: AuthenticatedActor,
  ): { input: DiversionCaseInput; people: NewParticipant[] } {
    const coordinatorId = dto.coordinatorId ?? (actor.roles.includes('coordinator') ? actor.id : undefined);
    const prosecutorId = dto.prosecutorId ?? (actor.roles.includes('prosecutor') ? actor.id : undefined);
    const missing = [
      ...(coordinatorId ? [] : ['coordinatorId is required unless a coordinator refers the case']),
      ...(prosecutorId ? [] : ['prosecutorId is required unless a prosecutor refers the case']),
    ];
    if (!coordinatorId || !prosecutorId) throw new BadRequestException(missing);
    const responsibleParty = person(dto.responsibleParty, 'responsible_party');
    const guardian = dto.guardian ? person(dto.guardian, 'guardian', responsibleParty.id) : undefined;
    const victims = dto.victims.map((v) => person(v, 'victim'));
    const people = [responsibleParty, ...(guardian ? [guardian] : []), ...victims];
    const input: DiversionCaseInput = {
      referral: {
        caseNumber: dto.caseNumber,
        court: dto.court,
        jurisdiction: dto.jurisdiction,
        chargingDeadlineMs: Date.parse(dto.chargingDeadline),
        chargesFiled: dto.chargesFiled,
        offence: { code: dto.offence.code, category: dto.offence.category, severity: dto.offence.severity },
        responsiblePartyId: responsibleParty.id,
        ...(guardian ? { guardianId: guardian.id } : {}),
        victimIds: victims.map((v) => v.id),
        coordinatorId,
        prosecutorId,
        ...(dto.priorDiversionDate ? { priorDiversionDateMs: Date.parse(dto.priorDiversionDate) } : {}),
        referralDateMs: dto.referralDate ? Date.parse(dto.referralDate) : Date.now(),
      },
      policy: this.policyFor(dto, actor),
      recipientTimeZones: Object.fromEntries(people.map((p) => [p.id, p.timeZone])),
    };
    return { input, people };
  }

  /** The default policy, or a compressed one for admins (or anyone when ALLOW_POLICY_OVERRIDE is on). */
  private policyFor(dto: CreateCaseDto, actor: AuthenticatedActor): Policy {
    if (!dto.policy) return DEFAULT_POLICY;
    if (!actor.roles.includes('admin') && !this.cases.allowPolicyOverride) {
      throw new ForbiddenException('choosing a policy needs the admin role (or ALLOW_POLICY_OVERRIDE=true)');
    }
    return compressedPolicy(dto.policy.dayMs);
  }

  /** Writes the participants and the projection row in one transaction; false when the case number exists. */
  private async insertRows(
    dto: CreateCaseDto,
    input: DiversionCaseInput,
    people: NewParticipant[],
    fingerprint: string,
    idempotencyKey: string | undefined,
  ): Promise<boolean> {
    const { referral } = input;
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.getRepository(CaseProjectionEntity).insert({
          caseNumber: referral.caseNumber,
          court: referral.court,
          jurisdiction: referral.jurisdiction,
          stage: 'SCREENING',
          chargingDeadline: new Date(referral.chargingDeadlineMs),
          coordinatorId: referral.coordinatorId,
          prosecutorId: referral.prosecutorId,
          offenceCategory: referral.offence.category,
          offenceSeverity: referral.offence.severity,
          demographics: dto.responsibleParty.demographics ? { ...dto.responsibleParty.demographics } : null,
          referralDate: new Date(referral.referralDateMs),
          stageEnteredAt: {},
          requestFingerprint: fingerprint,
          idempotencyKey: idempotencyKey ?? null,
          workflowInput: input,
        });
        await this.participants.createForCase(referral.caseNumber, people, manager);
      });
      return true;
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') return false;
      throw error;
    }
  }

  /** The existing case a repeated request may answer with: same Idempotency-Key and same body; 409 otherwise. */
  private async replayable(
    caseNumber: string,
    fingerprint: string,
    idempotencyKey: string | undefined,
  ): Promise<CaseProjectionEntity> {
    const row = await this.dataSource.getRepository(CaseProjectionEntity).findOneBy({ caseNumber });
    const sameRequest =
      row !== null &&
      idempotencyKey !== undefined &&
      row.idempotencyKey === idempotencyKey &&
      row.requestFingerprint === fingerprint;
    if (!sameRequest) throw new ConflictException(`case ${caseNumber} already exists`);
    return row;
  }

  /**
   * Starts the case's workflow and answers with the case as the start left it, in one round trip (update-with-start);
   * a repeated request finds the running case and answers with it as it is now.
   */
  private async startWorkflow(input: DiversionCaseInput): Promise<CaseView> {
    const { caseNumber } = input.referral;
    const start = new WithStartWorkflowOperation(DIVERSION_CASE_WORKFLOW_TYPE, {
      taskQueue: this.temporal.taskQueue,
      workflowId: diversionCaseWorkflowId(caseNumber),
      // A case number names one case forever: a closed case is never started again.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [input],
    });
    try {
      return await this.client.withDeadline(Date.now() + ACTION_DEADLINES_MS.answered, () =>
        this.client.workflow.executeUpdateWithStart(caseAsStarted, { startWorkflowOperation: start }),
      );
    } catch (error) {
      // The case has closed since (its workflow is not running, so it is not started again): answer as it ended.
      if (error instanceof WorkflowExecutionAlreadyStartedError) return this.liveView(caseNumber);
      if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
        throw new ServiceUnavailableException(
          `case ${caseNumber} was referred but its workflow has not answered yet (its worker may be down); ` +
            `GET /cases/${caseNumber} shows it once it does`,
        );
      }
      throw error;
    }
  }
}

function person(dto: ParticipantInputDto, role: NewParticipant['role'], guardianOfId?: string): NewParticipant {
  return {
    id: randomUUID(),
    role,
    fullName: dto.fullName,
    email: dto.email ?? null,
    phone: dto.phone ?? null,
    ...(dto.language ? { language: dto.language } : {}),
    ...(dto.preferredChannels ? { preferredChannels: dto.preferredChannels } : {}),
    timeZone: dto.timeZone,
    guardianOfId: guardianOfId ?? null,
    ...(dto.contactPreference ? { contactPreference: dto.contactPreference } : {}),
    address: dto.address ?? null,
    demographics: dto.demographics ?? null,
  };
}
