import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { inboxItemFromDelivery, type NewInboxItem } from '../../domain/inbox-item';
import { retractionOf, type InboxRetraction } from '../../domain/retraction';
import { INBOX_STORE } from '../../inbox.di-tokens';
import type { InboxStore } from '../../ports/inbox-store.port';
import { ProjectDeliveriesCommand, type ProjectDeliveriesResult } from './project-deliveries.command';

@CommandHandler(ProjectDeliveriesCommand)
export class ProjectDeliveriesHandler implements ICommandHandler<
  ProjectDeliveriesCommand,
  ProjectDeliveriesResult
> {
  constructor(@Inject(INBOX_STORE) private readonly store: InboxStore) {}

  async execute({
    partnerId,
    topic,
    partition,
    messages,
  }: ProjectDeliveriesCommand): Promise<ProjectDeliveriesResult> {
    const items: NewInboxItem[] = [];
    const unreadable: { offset: string; errors: ProjectDeliveriesResult['unreadable'][number]['errors'] }[] =
      [];
    for (const message of messages) {
      const reading = inboxItemFromDelivery({ topic, partition, partnerId, message });
      if (reading.ok) items.push(reading.item);
      else unreadable.push({ offset: message.offset, errors: reading.errors });
    }
    // A retraction purges the deliveries it lists from the inbox in the same transaction that stores it.
    const retractions = items
      .map((item) => retractionOf(item))
      .filter((retraction): retraction is InboxRetraction => retraction !== undefined);
    const { stored, purged } = await this.store.append(items, retractions);
    return { stored, retractions: retractions.length, purged, unreadable };
  }
}
