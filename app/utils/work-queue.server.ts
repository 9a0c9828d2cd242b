/**
 * A bound on costly work (password hashing): at most `concurrency` at once
 * and `waiting` more in line; beyond that the work is refused at once rather
 * than queued, so a burst of requests cannot take every core from the pages
 * and the API, nor grow a line that answers minutes later.
 */
export interface WorkQueue {
  /** Runs `work` in turn, or returns null at once when the line is full. */
  run<T>(work: () => Promise<T>): Promise<T> | null;
  /** True when `run` would refuse now (every slot taken and the line full). */
  isFull(): boolean;
}

export function createWorkQueue(options: { concurrency: number; waiting: number }): WorkQueue {
  let running = 0;
  const line: (() => void)[] = [];
  /** A finished run hands its slot to the first in line, so no newcomer can take it in between. */
  const finished = () => {
    const first = line.shift();
    if (first) first();
    else running--;
  };
  return {
    isFull: () => running >= options.concurrency && line.length >= options.waiting,
    run<T>(work: () => Promise<T>): Promise<T> | null {
      let turn: Promise<void>;
      if (running < options.concurrency) {
        running++;
        turn = Promise.resolve();
      } else if (line.length < options.waiting) {
        turn = new Promise<void>((resolve) => line.push(resolve));
      } else {
        return null;
      }
      return turn.then(async () => {
        try {
          return await work();
        } finally {
          finished();
        }
      });
    },
  };
}

/**
 * Lets callers through one per turn of the event loop, in order of arrival.
 * A burst of requests whose answers cost a page render each then takes turns
 * with everything else, rather than all entering at once and queueing ahead
 * of every other request for the whole burst.
 */
export function createTurnstile(): () => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return () => {
    const mine = last;
    last = mine.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    return mine;
  };
}
