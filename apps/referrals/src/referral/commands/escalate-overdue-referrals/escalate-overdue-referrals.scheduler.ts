import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { PinoLogger } from 'nestjs-pino';
import { ESCALATION_CHECK_INTERVAL_MS } from '../../referral.di-tokens';
import { EscalateOverdueReferralsCommand } from './escalate-overdue-referrals.command';

/** At most this many escalations per round, so one round never holds the loop for long. */
const ROUND_LIMIT = 100;

/**
 * Runs the deadline check every `REFERRAL_ESCALATION_CHECK_SECONDS`. Every
 * instance runs it; the store's `SKIP LOCKED` shares the work between them.
 * A failed round (the database away, a deadlock broken by Postgres) is
 * logged and the next round tries again.
 */
@Injectable()
export class EscalateOverdueReferralsScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly commandBus: CommandBus,
    private readonly logger: PinoLogger,
    @Inject(ESCALATION_CHECK_INTERVAL_MS) private readonly intervalMs: number,
  ) {
    this.logger.setContext('referral-deadlines');
  }

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.round().finally(() => this.schedule());
    }, this.intervalMs);
  }

  private async round(): Promise<void> {
    try {
      const { escalated } = await this.commandBus.execute(new EscalateOverdueReferralsCommand(ROUND_LIMIT));
      if (escalated.length > 0)
        this.logger.info({ referralIds: escalated }, 'referrals escalated: accept deadline passed');
    } catch (error) {
      this.logger.error({ err: error }, 'the deadline check failed; it runs again next round');
    }
  }
}
