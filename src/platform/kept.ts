// What is made from an office's records, kept while they have not changed (issue 19). Every change of
// an office's records moves its change counter in the same transaction
// (migrations/0032_change_counter_sql.sql), and the counter only grows: a thing made after the counter
// was read is kept under (office, counter, the rest of its key), and an office's things at an older
// counter can never be asked for again, so they are dropped as soon as a newer counter is seen. A
// request that read its counter before another's change (an older counter than the newest seen)
// gets nothing kept and keeps nothing. Bounded: past `max` (a count, or whatever `weigh` measures,
// bytes say), the least recently used go first. The quarterly paper (reports), the grants'
// moderation table and public register, and the kept pages (web/page-cache.ts) stand on it.

export type KeptOptions<V> = {
  /** The bound: the sum of the kept values' weights. */
  max: number;
  /** A value's weight (1 each unless given). */
  weigh?: (value: V) => number;
};

/** A bounded, least-recently-used store of values by office, change counter and the rest of their key. */
export function createKept<V>({ max, weigh = () => 1 }: KeptOptions<V>) {
  // Least recently used first; keyed by office and rest: an office's entries are all at its counter.
  const entries = new Map<string, { office: string; value: V; weight: number }>();
  const offices = new Map<string, { counter: number; keys: Set<string> }>();
  let weight = 0;
  const keyOf = (office: string, rest: string) => `${office}\0${rest}`;
  const drop = (k: string) => {
    const e = entries.get(k);
    if (!e) return;
    entries.delete(k);
    offices.get(e.office)?.keys.delete(k);
    weight -= e.weight;
  };
  /** The office's entries at this counter; a newer counter drops the older's, an older one gets none. */
  const at = (office: string, counter: number) => {
    const o = offices.get(office);
    if (o?.counter === counter) return o;
    if (o && o.counter > counter) return undefined;
    if (o) for (const k of o.keys) drop(k);
    const fresh = { counter, keys: new Set<string>() };
    offices.set(office, fresh);
    return fresh;
  };
  return {
    get(office: string, counter: number, rest: string): V | undefined {
      if (!at(office, counter)) return undefined;
      const k = keyOf(office, rest);
      const e = entries.get(k);
      if (!e) return undefined;
      // Most recently used last.
      entries.delete(k);
      entries.set(k, e);
      return e.value;
    },
    /** Keeps `value` (unless the counter is older than the office's newest seen); false when not kept. */
    set(office: string, counter: number, rest: string, value: V): boolean {
      const o = at(office, counter);
      if (!o) return false;
      const k = keyOf(office, rest);
      drop(k);
      const w = weigh(value);
      entries.set(k, { office, value, weight: w });
      o.keys.add(k);
      weight += w;
      while (weight > max) drop(entries.keys().next().value as string);
      return entries.has(k);
    },
    /** Drops the value kept under this key, if it is `value` (a value replaced since is left alone). */
    delete(office: string, rest: string, value?: V) {
      const k = keyOf(office, rest);
      if (value === undefined || entries.get(k)?.value === value) drop(k);
    },
    size: () => entries.size,
    weight: () => weight,
  };
}

/**
 * What `make` gives for (office, counter, rest), made once while the counter is the office's newest;
 * a failed make is not kept (the next asking makes it again). No counter (no such office): made,
 * never kept.
 */
export function createMemo({ max }: { max: number }) {
  const kept = createKept<Promise<unknown>>({ max });
  return {
    get<T>(office: string, counter: number | null, rest: string, make: () => Promise<T>): Promise<T> {
      if (counter === null) return make();
      const hit = kept.get(office, counter, rest) as Promise<T> | undefined;
      if (hit) return hit;
      const made = make();
      if (kept.set(office, counter, rest, made)) made.catch(() => kept.delete(office, rest, made));
      return made;
    },
    size: kept.size,
  };
}
export type Memo = ReturnType<typeof createMemo>;
