import type { Principal } from '@beacon/auth';
import type { BreakGlassGrantedV1Data } from '@beacon/contracts';
import type { FieldError } from '../../domain/break-glass';

/** A case worker asks for emergency access to a subject's data for their own organisation. */
export class BreakGlassCommand {
  constructor(
    readonly caller: Principal,
    readonly body: unknown,
    readonly correlationId?: string,
  ) {}
}

export type BreakGlassResult =
  | { readonly kind: 'granted'; readonly grant: BreakGlassGrantedV1Data; readonly eventId: string }
  | { readonly kind: 'invalid'; readonly errors: readonly FieldError[] }
  | { readonly kind: 'forbidden'; readonly message: string };
