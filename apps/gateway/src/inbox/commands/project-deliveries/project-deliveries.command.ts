import { Command } from '@nestjs/cqrs';
import type { EnvelopeError } from '@beacon/messaging';
import type { KafkaMessage } from 'kafkajs';

/** What storing a batch came to. */
export interface ProjectDeliveriesResult {
  /** Items new to the inbox (a replayed batch stores none). */
  readonly stored: number;
  /** Retractions among them. */
  readonly retractions: number;
  /** Items those retractions removed from the inbox. */
  readonly purged: number;
  /** Records that are not readable CloudEvents: not stored, and not holding up the rest. */
  readonly unreadable: readonly { readonly offset: string; readonly errors: readonly EnvelopeError[] }[];
}

/** Store one batch of a partner's delivery topic in that partner's inbox. */
export class ProjectDeliveriesCommand extends Command<ProjectDeliveriesResult> {
  constructor(
    readonly partnerId: string,
    readonly topic: string,
    readonly partition: number,
    readonly messages: readonly KafkaMessage[],
  ) {
    super();
  }
}
