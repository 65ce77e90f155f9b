import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Language } from '../participants/participant.types';

import type { ActorRole } from '../../workflows/diversion-case/diversion-case.contract';

/** A staff member's role: one of the contract's ACTOR_ROLES. */
export type StaffRole = ActorRole;

/** A member of staff who receives email from the system; `id` is the JWT subject. */
@Entity({ name: 'staff_members' })
@Index('staff_members_role_court', ['role', 'court'])
export class StaffMemberEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  role!: StaffRole;

  @Column({ name: 'full_name', type: 'text' })
  fullName!: string;

  @Column({ type: 'text' })
  email!: string;

  /** The court a clerk serves; null for other roles. */
  @Column({ type: 'text', nullable: true })
  court!: string | null;

  @Column({ type: 'text', default: 'en' })
  language!: Language;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
