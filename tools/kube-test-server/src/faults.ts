import { seededRandom } from './random.js';

/** A 500 InternalError, a 429 TooManyRequests with Retry-After, or a connection closed without an answer. */
export type FaultKind = '500' | '429' | 'drop';

export const FAULT_KINDS: readonly FaultKind[] = ['500', '429', 'drop'];

export interface FaultSettings {
  /** The chance, from 0 to 1, that a request fails. */
  rate: number;
  /** Which faults to choose from, evenly; all three when absent. */
  kinds?: readonly FaultKind[];
}

/** Decides, request by request and reproducibly for a seed, whether and how a request fails. */
export class FaultInjector {
  readonly #random: () => number;
  #rate = 0;
  #kinds: readonly FaultKind[] = FAULT_KINDS;

  constructor(seed: number, settings: FaultSettings = { rate: 0 }) {
    this.#random = seededRandom(seed);
    this.set(settings);
  }

  set({ rate, kinds }: FaultSettings): void {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`fault rate must be between 0 and 1, not ${rate}`);
    const chosen = kinds ?? FAULT_KINDS;
    for (const kind of chosen) {
      if (!FAULT_KINDS.includes(kind)) throw new RangeError(`unknown fault "${kind}": use 500, 429 or drop`);
    }
    if (rate > 0 && chosen.length === 0)
      throw new RangeError('a fault rate above 0 needs at least one fault kind');
    this.#rate = rate;
    this.#kinds = [...chosen];
  }

  /** The fault for the next request, or undefined to serve it. */
  next(): FaultKind | undefined {
    if (this.#rate === 0) return undefined;
    if (this.#random() >= this.#rate) return undefined;
    return this.#kinds[Math.floor(this.#random() * this.#kinds.length)];
  }
}
