import { describe, expect, it } from 'vitest';
import { ObjectStore } from './object-store.js';
import { WatchHistory } from './watch-history.js';

const secret = (name: string) => ({ kind: 'Secret', metadata: { name, namespace: 'apps' } });

describe('WatchHistory', () => {
  it('holds the last `capacity` changes and raises its floor as it forgets older ones', () => {
    const store = new ObjectStore();
    store.put(secret('before'));
    const history = new WatchHistory(store, 2);
    expect(history.floor).toBe(1);
    expect(history.since(0)).toBeUndefined();
    store.put(secret('a'));
    store.put(secret('b'));
    expect(history.since(1)?.map((event) => event.object.metadata.name)).toEqual(['a', 'b']);
    store.delete('secrets', 'apps', 'a');
    expect(history.floor).toBe(2);
    expect(history.since(1)).toBeUndefined();
    expect(history.since(2)?.map((event) => `${event.type} ${event.revision}`)).toEqual([
      'ADDED 3',
      'DELETED 4',
    ]);
    history.close();
  });

  it('keeps the previous object of a change, and compact() forgets everything so far', () => {
    const store = new ObjectStore();
    const history = new WatchHistory(store, 10);
    store.put(secret('a'));
    store.put({ ...secret('a'), metadata: { name: 'a', namespace: 'apps', labels: { x: 'y' } } });
    const [, modified] = history.since(0) ?? [];
    expect(modified?.type).toBe('MODIFIED');
    expect(modified?.previous?.metadata.labels).toBeUndefined();
    history.compact();
    expect(history.floor).toBe(2);
    expect(history.since(1)).toBeUndefined();
    expect(history.since(2)).toEqual([]);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new WatchHistory(new ObjectStore(), 0)).toThrow(RangeError);
  });
});
