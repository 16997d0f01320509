import { Inject, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { PinoLogger } from 'nestjs-pino';
import { AuditRecordsAppendedEvent } from '../../events/audit-records-appended.event';
import { TRAIL_SETTINGS } from '../../trail.di-tokens';
import type { TrailSettings } from '../../trail-settings';
import { SignCheckpointsCommand } from './sign-checkpoints.command';

/**
 * The time-based checkpoint trigger. The count-based one (every N rows)
 * signs inside the append itself; this one makes sure a quiet chain's tail
 * is signed too, at most AUDIT_CHECKPOINT_INTERVAL_SECONDS after rows were
 * added: when rows arrive past the newest checkpoint, it arms one timer for
 * that partition, which signs whatever the head is when it fires.
 *
 * At start it signs every head left unsigned by a previous run; at a
 * graceful stop it signs the pending ones at once rather than leave them.
 */
@EventsHandler(AuditRecordsAppendedEvent)
export class SignCheckpointsWhenAuditRecordsAppendedHandler
  implements IEventHandler<AuditRecordsAppendedEvent>, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private closing = false;

  constructor(
    private readonly commandBus: CommandBus,
    @Inject(TRAIL_SETTINGS) private readonly settings: TrailSettings,
    private readonly logger: PinoLogger,
  ) {
    this.logger.setContext('audit-checkpoints');
  }

  handle(event: AuditRecordsAppendedEvent): void {
    if (event.head.sequence <= event.signedThrough) return;
    this.arm(event.partition);
  }

  private arm(partition: number): void {
    if (this.closing || this.timers.has(partition)) return;
    const timer = setTimeout(() => {
      this.timers.delete(partition);
      void this.sign([partition]);
    }, this.settings.checkpointIntervalMs);
    this.timers.set(partition, timer);
  }

  private async sign(partitions?: number[]): Promise<void> {
    try {
      const signed = await this.commandBus.execute(new SignCheckpointsCommand(partitions));
      for (const c of signed)
        this.logger.info(
          { partition: c.partition, sequence: c.sequence, keyId: c.keyId },
          'checkpoint signed',
        );
    } catch (error) {
      this.logger.error({ err: error, partitions }, 'signing checkpoints failed; trying again later');
      for (const partition of partitions ?? []) this.arm(partition);
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.sign();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    const pending = [...this.timers.keys()];
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    if (pending.length > 0) await this.sign(pending);
  }
}
