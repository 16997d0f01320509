import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { planCheckpoint, type SignedCheckpoint, type Signer } from '../../../chain';
import type { AuditLedger } from '../../ports/audit-ledger.port';
import { AUDIT_LEDGER, AUDIT_SIGNER } from '../../trail.di-tokens';
import { SignCheckpointsCommand } from './sign-checkpoints.command';

/** Signs the heads that rows have moved past their newest checkpoint, one partition at a time under its lock. */
@CommandHandler(SignCheckpointsCommand)
export class SignCheckpointsHandler implements ICommandHandler<SignCheckpointsCommand, SignedCheckpoint[]> {
  constructor(
    @Inject(AUDIT_LEDGER) private readonly ledger: AuditLedger,
    @Inject(AUDIT_SIGNER) private readonly signer: Signer,
  ) {}

  async execute({ partitions }: SignCheckpointsCommand): Promise<SignedCheckpoint[]> {
    const signed: SignedCheckpoint[] = [];
    for (const partition of partitions ?? (await this.ledger.partitions())) {
      const checkpoint = await this.ledger.checkpoint(partition, (state) =>
        planCheckpoint(state, { signer: this.signer, now: new Date().toISOString() }),
      );
      if (checkpoint !== undefined) signed.push(checkpoint);
    }
    return signed;
  }
}
