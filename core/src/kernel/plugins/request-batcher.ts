/** One batch's work: an outcome per item, in the items' order; an Error refuses that item alone. */
export type BatchRun<Item, Result> = (key: string, items: Item[]) => Promise<(Result | Error)[]>;

interface Waiting<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Runs the items given under one key in batches, one batch of a key at a time: items that arrive
 * while a batch runs wait and go together in the next (at most `max`). An idle key runs its first
 * item at once, so batching adds no wait when there is no crowd; under a crowd each batch is one
 * transaction for what would have been many, each queued on the same row.
 */
export function createRequestBatcher<Item, Result>(run: BatchRun<Item, Result>, max: number): (key: string, item: Item) => Promise<Result> {
  if (!Number.isInteger(max) || max < 1) throw new Error(`A batch holds at least one item (max ${max})`);
  const queues = new Map<string, Waiting<Item, Result>[]>();

  async function drain(key: string, queue: Waiting<Item, Result>[]): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, max);
      try {
        const outcomes = await run(key, batch.map((waiting) => waiting.item));
        if (outcomes.length !== batch.length) throw new Error(`A batch of ${batch.length} answered ${outcomes.length} outcomes`);
        batch.forEach((waiting, i) => {
          const outcome = outcomes[i]!;
          if (outcome instanceof Error) waiting.reject(outcome);
          else waiting.resolve(outcome);
        });
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
    queues.delete(key);
  }

  return (key, item) => new Promise<Result>((resolve, reject) => {
    const queue = queues.get(key);
    if (queue) {
      queue.push({ item, resolve, reject });
      return;
    }
    const fresh = [{ item, resolve, reject }];
    queues.set(key, fresh);
    void drain(key, fresh);
  });
}
