// Pages kept while the office's records have not changed (issue 19). A route that opts in
// (`config: { pageCache: 'session' }` for the signed-in office's pages, `'public'` for an office's
// public pages at /o/:officeSlug) is answered from memory when its page was made for the same
// office at the same change counter (read from the database on every request, with the session or
// the office: another instance's change is seen at once), the same reader (their name and role are
// on the page), the same London day (what is overdue, the quarter under way) and the same address
// with its query. What differs between two answers of one page is put back on the way out: the
// request's CSP nonce and the session's form token. Never kept: a page showing a flash message, an
// answer other than a 200 HTML page. Entries expire after a minute, so a page depending on the
// time of day is at most that old; the least recently used go first past a size in bytes, and an
// office's pages at an older counter as soon as a newer one is seen (the store is platform/kept.ts).
import { createHash, randomBytes } from 'node:crypto';
import { createKept } from '../kept.js';

export type PageCacheMode = 'session' | 'public';

/** Whether an If-None-Match header names this entity tag (weakly or strongly, or `*`). */
export function ifNoneMatch(header: string | undefined, tag: string) {
  if (!header) return false;
  return header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v === tag || v === `W/${tag}`;
  });
}

/** Placeholders the kept copy holds instead of the per-request values (random: no page contains them). */
const NONCE_MARK = `\u0001n${randomBytes(9).toString('base64url')}\u0001`;
const CSRF_MARK = `\u0001c${randomBytes(9).toString('base64url')}\u0001`;

/**
 * A kept page as UTF-8 bytes between its holes: an answer is a copy of bytes, not a string that
 * would be measured and encoded again for every request (most of a large page's cost under load).
 */
type Entry = { parts: Buffer[]; holes: ('nonce' | 'csrf')[]; bytes: number; at: number };

/** A page's key: its office and the office's change counter, then the reader, the London day and the address. */
export type PageKey = { officeId: string; counter: number; rest: string };

/** Splits a page at its marks once, so an answer is a join, not a search of the page. */
function split(html: string): Pick<Entry, 'parts' | 'holes'> {
  const parts: Buffer[] = [];
  const holes: ('nonce' | 'csrf')[] = [];
  let i = 0;
  for (;;) {
    const n = html.indexOf(NONCE_MARK, i);
    const c = html.indexOf(CSRF_MARK, i);
    const next = n < 0 ? c : c < 0 ? n : Math.min(n, c);
    if (next < 0) break;
    parts.push(Buffer.from(html.slice(i, next), 'utf8'));
    const isNonce = next === n;
    holes.push(isNonce ? 'nonce' : 'csrf');
    i = next + (isNonce ? NONCE_MARK.length : CSRF_MARK.length);
  }
  parts.push(Buffer.from(html.slice(i), 'utf8'));
  return { parts, holes };
}

export function createPageCache({
  now = () => Date.now(),
  maxBytes = 32_000_000,
  ttlMs = 60_000,
}: {
  now?: () => number;
  maxBytes?: number;
  ttlMs?: number;
} = {}) {
  // Bounded in bytes, least recently used first, an office's pages at older counters dropped (platform/kept.ts).
  const entries = createKept<Entry>({ max: maxBytes, weigh: (e) => e.bytes });
  return {
    /** The cache key of a page. */
    key(parts: { officeId: string; counter: number; reader: string; day: string; url: string }): PageKey {
      return { officeId: parts.officeId, counter: parts.counter, rest: [parts.reader, parts.day, parts.url].join('\0') };
    },
    /** The entity tag of a page as a reader gets it (their form token is in it). */
    tag(key: PageKey, csrf: string) {
      return `"p${createHash('sha1').update(`${key.officeId}\0${key.counter}\0${key.rest}`).update('\0').update(csrf).digest('base64url')}"`;
    },
    /** The kept page for this key, with this request's nonce and form token put in; undefined if none. */
    get(key: PageKey, nonce: string, csrf: string): Buffer | undefined {
      const e = entries.get(key.officeId, key.counter, key.rest);
      if (!e) return undefined;
      if (now() - e.at > ttlMs) {
        entries.delete(key.officeId, key.rest, e);
        return undefined;
      }
      if (!e.holes.length) return e.parts[0];
      const values = { nonce: Buffer.from(nonce, 'utf8'), csrf: Buffer.from(csrf, 'utf8') };
      const chunks: Buffer[] = [e.parts[0]];
      for (let i = 0; i < e.holes.length; i++) chunks.push(values[e.holes[i]], e.parts[i + 1]);
      return Buffer.concat(chunks);
    },
    /** Keeps a page made for this key, its nonce and form token replaced by marks. */
    set(key: PageKey, html: string, nonce: string, csrf: string) {
      let marked = html;
      if (nonce) marked = marked.replaceAll(nonce, NONCE_MARK);
      if (csrf) marked = marked.replaceAll(csrf, CSRF_MARK);
      const parts = split(marked);
      const e: Entry = { ...parts, bytes: parts.parts.reduce((n, b) => n + b.length, 0), at: now() };
      // A page of more than a quarter of the bound would push out most of the others.
      if (e.bytes > maxBytes / 4) entries.delete(key.officeId, key.rest);
      else entries.set(key.officeId, key.counter, key.rest, e);
    },
    size: entries.size,
    bytes: entries.weight,
  };
}
export type PageCache = ReturnType<typeof createPageCache>;
