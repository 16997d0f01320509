import type { Consumer, EachBatchHandler, EachMessageHandler, Kafka } from 'kafkajs';

export interface ManagedConsumerOptions {
  groupId: string;
  topics: (string | RegExp)[];
  /** Where a new group starts; Beacon's services start at the beginning. */
  fromBeginning?: boolean;
  /** Read only committed records (default true): transactional output stays invisible until committed. */
  readCommitted?: boolean;
  eachMessage?: EachMessageHandler;
  eachBatch?: EachBatchHandler;
  /** Leave offset commits to the handler (e.g. sendOffsets inside a transaction). */
  autoCommit?: boolean;
  /** How many partitions' handlers may run at once (default 1); one partition's never overlap. */
  partitionsConsumedConcurrently?: number;
  /** Called once if the consumer crashes and kafkajs will not restart it. */
  onFatal?: (error: Error) => void;
}

/**
 * A kafkajs consumer with a lifecycle: {@link start} subscribes and runs,
 * {@link stop} lets the batch in hand finish, commits and leaves the group,
 * so a SIGTERM never drops or repeats work that was already acknowledged.
 */
export class ManagedConsumer {
  private readonly consumer: Consumer;
  private running = false;

  constructor(
    kafka: Kafka,
    private readonly options: ManagedConsumerOptions,
  ) {
    if (!options.eachMessage === !options.eachBatch) {
      throw new Error('ManagedConsumer needs exactly one of eachMessage or eachBatch');
    }
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      readUncommitted: options.readCommitted === false,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      allowAutoTopicCreation: false,
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      if (!event.payload.restart) options.onFatal?.(event.payload.error);
    });
  }

  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.options.topics,
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await this.consumer.run({
      autoCommit: this.options.autoCommit ?? true,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachMessage: this.options.eachMessage,
      eachBatch: this.options.eachBatch,
    });
    this.running = true;
  }

  async stop(): Promise<void> {
    if (!this.running) {
      await this.consumer.disconnect();
      return;
    }
    this.running = false;
    // disconnect() waits for the handler in progress and commits what it resolved.
    await this.consumer.disconnect();
  }
}
