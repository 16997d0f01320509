import { Command } from '@nestjs/cqrs';
import type { SignedCheckpoint } from '../../../chain';

/**
 * Sign a checkpoint of each given partition's head, where rows were added
 * since its newest checkpoint; every partition with rows when none is given.
 */
export class SignCheckpointsCommand extends Command<SignedCheckpoint[]> {
  constructor(readonly partitions?: readonly number[]) {
    super();
  }
}
