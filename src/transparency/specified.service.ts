// The Specified Information checklist (issue 16): each item of the Order shown as published through
// this product (dated from the product's own data: decision notices, papers, meetings), published
// elsewhere (a link the office gives, kept with its history), or missing; with how often it is due
// and whether it is overdue on today's London date.
import type { Db, Tx } from '../platform/db/client.js';
import { addDays, londonDate } from '../platform/db/time.js';
import { type Actor, invalid, notFound } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { createSpecifiedRepository } from './specified.repository.js';
import { specifiedLinkSchema } from './specified.schemas.js';
import { FREQUENCY_LABELS, OVERDUE_AFTER_DAYS, SPECIFIED_ITEMS, type SpecifiedItem } from './specified.items.js';

/** What this product last published of an item for an office: the day, where the public finds it, and what it was. */
export type ProductPublication = { on: string; href: string; what: string };
/** The areas that publish an item, handed in by the composition root: undefined for an item the product does not publish. */
export type ThroughProduct = Partial<Record<SpecifiedItem, (officeId: string) => Promise<ProductPublication | null>>>;

export type ChecklistState = 'product' | 'elsewhere' | 'missing';
export const STATE_LABELS: Record<ChecklistState, string> = {
  product: 'Published through PCP Tracker',
  elsewhere: 'Published elsewhere',
  missing: 'Missing',
};

const isItem = (v: string): v is SpecifiedItem => SPECIFIED_ITEMS.some((i) => i.item === v);

export function createSpecifiedService({ db, now = () => new Date(), throughProduct = {} }: { db: Db; now?: () => Date; throughProduct?: ThroughProduct }) {
  const repo = createSpecifiedRepository({ db });
  const itemOf = (item: string) => {
    const def = SPECIFIED_ITEMS.find((i) => i.item === item);
    if (!def) throw notFound('specified');
    return def;
  };
  async function entry(officeId: string, def: (typeof SPECIFIED_ITEMS)[number], link: { url: string | null; updatedOn: string | null } | undefined) {
    const today = londonDate(now());
    const product = (await throughProduct[def.item]?.(officeId)) ?? null;
    const elsewhere = link?.url ? { url: link.url, updatedOn: link.updatedOn } : null;
    const state: ChecklistState = product ? 'product' : elsewhere ? 'elsewhere' : 'missing';
    const lastOn =
      [product?.on, elsewhere?.updatedOn]
        .filter((d): d is string => !!d)
        .sort()
        .at(-1) ?? null;
    const every = OVERDUE_AFTER_DAYS[def.frequency];
    const dueBy = every && lastOn ? addDays(lastOn, every) : null;
    return {
      ...def,
      frequencyLabel: FREQUENCY_LABELS[def.frequency],
      byProduct: !!throughProduct[def.item],
      product,
      elsewhere,
      state,
      stateLabel: STATE_LABELS[state],
      lastOn,
      dueBy,
      overdue: state === 'missing' || (!!dueBy && dueBy < today),
    };
  }
  return {
    /** Every item of the Order, in its order, with where it stands for the office. */
    async checklist(officeId: string) {
      const rows = await repo.all(officeId);
      const latest = new Map<string, (typeof rows)[number]>();
      for (const r of rows) if (!latest.has(r.item)) latest.set(r.item, r);
      return Promise.all(SPECIFIED_ITEMS.map((def) => entry(officeId, def, latest.get(def.item))));
    },
    /** One item with where it stands and every link the office gave for it, newest first. */
    async item(officeId: string, item: string) {
      const def = itemOf(item);
      const history = await repo.history(officeId, def.item);
      return { ...(await entry(officeId, def, history[0])), history };
    },
    /** Records where the office publishes an item elsewhere (or that it no longer does), with who, when and why. */
    async setLink({ by, item, input }: { by: Actor; item: string; input: unknown }) {
      if (!isItem(item)) throw notFound('specified');
      const v = parseInput('specified', specifiedLinkSchema, input);
      if (v.updatedOn && v.updatedOn > londonDate(now()))
        throw invalid('specified', [{ field: 'updatedOn', message: 'The date it was last updated must be today or in the past' }]);
      return db.transaction(async (tx) =>
        createSpecifiedRepository({ db: tx as Tx }).insert({
          officeId: by.officeId,
          item,
          url: v.url || null,
          updatedOn: v.url ? v.updatedOn || null : null,
          reason: v.reason || null,
          actorId: by.userId,
          actorName: by.name,
          recordedAt: now(),
        }),
      );
    },
  };
}
export type SpecifiedService = ReturnType<typeof createSpecifiedService>;
