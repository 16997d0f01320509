import { Inject } from '@nestjs/common';
import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { planAppend, type Signer } from '../../../chain';
import { AuditRecordsAppendedEvent } from '../../events/audit-records-appended.event';
import { ChainRaceError, type AuditLedger } from '../../ports/audit-ledger.port';
import { AUDIT_LEDGER, AUDIT_SIGNER, TRAIL_SETTINGS } from '../../trail.di-tokens';
import type { TrailSettings } from '../../trail-settings';
import { AppendAuditRecordsCommand, type AppendAuditRecordsResult } from './append-audit-records.command';

/** A record id on two partitions can race once or twice; more means something else is wrong. */
const MAX_ATTEMPTS = 3;

/**
 * Plans the batch against the chain's current state (pure: numbering,
 * hashing, checkpoints due) and has the ledger write it in one transaction.
 */
@CommandHandler(AppendAuditRecordsCommand)
export class AppendAuditRecordsHandler implements ICommandHandler<
  AppendAuditRecordsCommand,
  AppendAuditRecordsResult
> {
  constructor(
    @Inject(AUDIT_LEDGER) private readonly ledger: AuditLedger,
    @Inject(AUDIT_SIGNER) private readonly signer: Signer,
    @Inject(TRAIL_SETTINGS) private readonly settings: TrailSettings,
    private readonly events: EventBus,
  ) {}

  async execute({ partition, records }: AppendAuditRecordsCommand): Promise<AppendAuditRecordsResult> {
    const recordIds = records.map((r) => r.recordId);
    for (let attempt = 1; ; attempt += 1) {
      try {
        let signedThrough = 0;
        const plan = await this.ledger.append(partition, recordIds, (state) => {
          const decided = planAppend(state, records, {
            checkpointEvery: this.settings.checkpointEvery,
            signer: this.signer,
            now: new Date().toISOString(),
          });
          signedThrough = decided.checkpoints.at(-1)?.sequence ?? state.lastCheckpointSequence;
          return decided;
        });
        const head = plan.rows.at(-1);
        // After the commit: whoever reacts (the checkpoint timer) sees the rows.
        if (head !== undefined) {
          this.events.publish(
            new AuditRecordsAppendedEvent(
              partition,
              { sequence: head.sequence, hash: head.hash },
              signedThrough,
            ),
          );
        }
        return {
          appended: plan.rows.length,
          replayed: plan.replayed.length,
          conflicting: plan.conflicting,
          checkpoints: plan.checkpoints.length,
          ...(head ? { head: { sequence: head.sequence, hash: head.hash } } : {}),
        };
      } catch (error) {
        if (!(error instanceof ChainRaceError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}
