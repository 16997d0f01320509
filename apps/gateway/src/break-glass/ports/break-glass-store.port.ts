import type { BreakGlassGrantedV1Data } from '@beacon/contracts';
import type { NewOutboxMessage } from '@beacon/persistence';

/** Where break-glass grants are recorded, each with its event, in one transaction. */
export interface BreakGlassStore {
  record(grant: BreakGlassGrantedV1Data, tokenId: string | undefined, event: NewOutboxMessage): Promise<void>;
}
