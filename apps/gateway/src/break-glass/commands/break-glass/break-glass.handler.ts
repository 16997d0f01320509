import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SchemaRegistry, type BreakGlassGrantedV1Data } from '@beacon/contracts';
import type { NewOutboxMessage } from '@beacon/persistence';
import type { CompiledPolicy } from '@beacon/policy';
import { GATEWAY_SOURCE } from '../../../consent/consent-events';
import { BREAK_GLASS_POLICY, BREAK_GLASS_STORE } from '../../break-glass.di-tokens';
import { BREAK_GLASS_GRANTED_TYPE, decideBreakGlass, readBreakGlassBody } from '../../domain/break-glass';
import type { BreakGlassStore } from '../../ports/break-glass-store.port';
import { BreakGlassCommand, type BreakGlassResult } from './break-glass.command';

/**
 * Reads and decides a break-glass request against the sector policy, and
 * records the grant with its `org.beacon.break-glass.granted.v1` event (to
 * the canonical log, keyed by subject) in one transaction.
 */
@CommandHandler(BreakGlassCommand)
export class BreakGlassHandler implements ICommandHandler<BreakGlassCommand, BreakGlassResult> {
  constructor(
    @Inject(BREAK_GLASS_STORE) private readonly store: BreakGlassStore,
    @Inject(BREAK_GLASS_POLICY) private readonly policy: CompiledPolicy,
    @Inject(SchemaRegistry) private readonly registry: SchemaRegistry,
  ) {}

  async execute({ caller, body, correlationId }: BreakGlassCommand): Promise<BreakGlassResult> {
    const read = readBreakGlassBody(body);
    if (!read.ok) return { kind: 'invalid', errors: read.errors };
    const decision = decideBreakGlass(read.body, caller, this.policy, new Date(), randomUUID());
    if (decision.kind !== 'granted') return decision;
    const validation = this.registry.validate(BREAK_GLASS_GRANTED_TYPE, decision.data);
    if (!validation.ok) return { kind: 'invalid', errors: validation.errors };
    const eventId = randomUUID();
    await this.store.record(
      decision.data,
      caller.tokenId,
      this.message(decision.data, eventId, correlationId),
    );
    return { kind: 'granted', grant: decision.data, eventId };
  }

  // The subject id is ce_subject and the record key: the grant and every later event about the subject share a partition.
  private message(data: BreakGlassGrantedV1Data, eventId: string, correlationId?: string): NewOutboxMessage {
    const headers: Record<string, string> = {
      id: eventId,
      source: GATEWAY_SOURCE,
      type: BREAK_GLASS_GRANTED_TYPE,
      specversion: '1.0',
      time: data.startedAt,
      subject: data.subjectId,
      dataschema: this.registry.dataschemaFor(BREAK_GLASS_GRANTED_TYPE),
      datacontenttype: 'application/json',
    };
    if (correlationId !== undefined) headers.correlationid = correlationId;
    return {
      eventId,
      topicKind: 'events',
      key: data.subjectId,
      type: BREAK_GLASS_GRANTED_TYPE,
      headers,
      payload: data,
    };
  }
}
