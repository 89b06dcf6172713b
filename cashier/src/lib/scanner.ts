/**
 * Tells a barcode scanner from a person at the keyboard. A scanner in keyboard-wedge mode
 * "types" a whole code within a few milliseconds and ends it with Enter; a person leaves far
 * longer gaps between keys. Keys closer than `maxGapMs` form a burst; a burst of at least
 * `minLength` characters closed by Enter, whose keys came `avgGapMs` apart or less on average,
 * is a scan. The average, not each gap, decides: a busy machine may delay one key of a scan.
 */
export interface ScanOptions {
  minLength: number;
  maxGapMs: number;
  avgGapMs: number;
}

export const defaultScanOptions: ScanOptions = { minLength: 4, maxGapMs: 100, avgGapMs: 35 };

export type ScanStep =
  | { kind: 'scan'; code: string }
  /** The key belongs to a burst that may still turn out to be a scan. */
  | { kind: 'burst'; first: boolean }
  | { kind: 'other' };

export class ScanDetector {
  #buffer = '';
  #firstTime = 0;
  #lastTime = -Infinity;
  readonly #options: ScanOptions;

  constructor(options: ScanOptions = defaultScanOptions) {
    this.#options = options;
  }

  /** Feeds one keydown (its `key` and time in ms). */
  key(key: string, time: number): ScanStep {
    const gap = time - this.#lastTime;
    if (key === 'Enter') {
      const code = this.#buffer;
      const average = (this.#lastTime - this.#firstTime) / Math.max(1, code.length - 1);
      this.#reset();
      const fast = gap <= this.#options.maxGapMs && average <= this.#options.avgGapMs;
      return code.length >= this.#options.minLength && fast ? { kind: 'scan', code } : { kind: 'other' };
    }
    // Scanners press Shift for capitals; it neither adds to nor breaks a burst.
    if (key === 'Shift') return { kind: 'other' };
    if (key.length !== 1) {
      this.#reset();
      return { kind: 'other' };
    }
    const first = gap > this.#options.maxGapMs || this.#buffer === '';
    this.#buffer = first ? key : this.#buffer + key;
    if (first) this.#firstTime = time;
    this.#lastTime = time;
    return { kind: 'burst', first };
  }

  #reset(): void {
    this.#buffer = '';
    this.#lastTime = -Infinity;
  }
}
