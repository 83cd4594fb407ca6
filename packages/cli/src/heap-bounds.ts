import { constants, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

const MIB = 1024 * 1024;

/**
 * Keeps the heap of a long command near what it really holds. With hundreds of requests in flight,
 * V8 doubles its young generation to 32 MiB and more, and what outlives two young collections (every
 * request in flight does) is promoted and stays in the old generation until a full collection, which
 * V8 puts off while the heap is small: most of `apply`'s RSS was young generation and dead promoted
 * objects, its live heap under 20 MiB even at 10,000 namespaces.
 * - The young generation stops growing at `youngMiB` (its size limit is fixed at start-up, but the
 *   growth factor is read at each growth).
 * - Once the old generation has grown `oldGrowthMiB` past its size after the last full collection,
 *   a full collection is started, concurrent (V8 marks on another thread).
 */
export function boundHeap({ youngMiB, oldGrowthMiB }: { youngMiB: number; oldGrowthMiB: number }): void {
  let youngCapped = false;
  const capYoung = (spaces: v8.HeapSpaceInfo[]) => {
    if (youngCapped || sizeOf(spaces, 'new_space', 'space_size') < youngMiB * MIB) return;
    v8.setFlagsFromString('--semi-space-growth-factor=1');
    youngCapped = true;
  };
  capYoung(v8.getHeapSpaceStatistics());

  // `gc` is given only to contexts made after --expose-gc is set: one made here, for this alone.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (options: { type: 'major'; execution: 'async' }) => void;
  let afterFull: number | undefined;
  let collecting = false;
  const observer = new PerformanceObserver((list) => {
    const full = list
      .getEntries()
      .some(
        (entry) =>
          (entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR,
      );
    const spaces = v8.getHeapSpaceStatistics();
    capYoung(spaces);
    const old = sizeOf(spaces, 'old_space', 'space_used_size');
    if (full || afterFull === undefined) {
      afterFull = old;
      collecting = false;
    } else if (!collecting && old > afterFull + oldGrowthMiB * MIB) {
      collecting = true;
      gc({ type: 'major', execution: 'async' });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
}

function sizeOf(spaces: v8.HeapSpaceInfo[], name: string, field: 'space_size' | 'space_used_size'): number {
  return spaces.find((space) => space.space_name === name)?.[field] ?? 0;
}
