import { Command } from '@nestjs/cqrs';

/** What a purge removed. */
export interface PurgeInboxResult {
  readonly items: number;
  readonly tickets: number;
}

/**
 * Remove inbox items that arrived more than the retention period before
 * `now`, and stream tickets that expired (used or not).
 */
export class PurgeInboxCommand extends Command<PurgeInboxResult> {
  constructor(readonly now: Date) {
    super();
  }
}
