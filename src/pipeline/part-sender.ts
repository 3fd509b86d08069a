/**
 * The worker's side of back-pressure: it posts an item's parts to the main thread, but never more
 * than `PARTS_AHEAD` that the main thread has not yet taken. Since parts are pulled from the
 * detector, a worker that waits also stops reading, so neither thread holds more than a few parts
 * per worker, however large the item. A progress-only part never waits: it is posted only when the
 * main thread has taken everything before it, else dropped. Also the messages between `runItems`
 * and a hunt worker.
 */
import { isProgressOnly, type ItemPart } from './detect-item.js';
import type { WorkItem } from './work-plan.js';

/**
 * Parts a worker may have sent and the main thread not yet taken: enough that the head item's
 * worker keeps reading while its earlier parts are written, and that a small item ahead of the head
 * can finish. The main thread then holds at most workers × 4 parts (`PART_ENTRIES` each), and one
 * progress-only part per worker; a run of two workers on a 300,000-event file and a 150,000-event
 * one held at most 5 parts at once.
 */
export const PARTS_AHEAD = 4;

/** Main thread → worker: run this item, or one of your parts was taken. */
export type RunnerMessage = { readonly kind: 'item'; readonly item: WorkItem } | { readonly kind: 'taken' };

/** Worker → main thread: a part (with the worker's rule-index totals so far), or a bug. */
export type WorkerMessage =
  | { readonly kind: 'part'; readonly part: ItemPart; readonly evaluations: number; readonly avoided: number }
  | { readonly kind: 'error'; readonly error: string };

export class PartSender {
  private readonly post: (message: WorkerMessage) => void;
  private credits = PARTS_AHEAD;
  /**
   * A progress-only part is posted and not taken yet. It went out when nothing else was untaken,
   * and the main thread takes a worker's parts in the order they were posted, so it is the next one
   * taken.
   */
  private progressUntaken = false;
  private wake: (() => void) | undefined;

  constructor(post: (message: WorkerMessage) => void) {
    this.post = post;
  }

  /** The main thread took one of this worker's parts (the oldest not taken yet). */
  taken(): void {
    if (this.progressUntaken) {
      this.progressUntaken = false;
      return;
    }
    this.credits++;
    this.wake?.();
    this.wake = undefined;
  }

  /**
   * Posts the parts one by one, waiting while `PARTS_AHEAD` of them are not taken yet. A
   * progress-only part takes no credit, or a worker ahead of the head item would stop reading after
   * a few of them; it goes out only when every part before it was taken (else the main thread would
   * pile them up) and is dropped otherwise, since the next part tells more.
   */
  async send(parts: AsyncIterable<ItemPart>, stats: () => { evaluations: number; avoided: number }): Promise<void> {
    for await (const part of parts) {
      if (isProgressOnly(part)) {
        if (this.progressUntaken || this.credits < PARTS_AHEAD) continue;
        this.progressUntaken = true;
      } else {
        while (this.credits === 0) await new Promise<void>((resolve) => (this.wake = resolve));
        this.credits--;
      }
      const { evaluations, avoided } = stats();
      this.post({ kind: 'part', part, evaluations, avoided });
    }
  }
}
