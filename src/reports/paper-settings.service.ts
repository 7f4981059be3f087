// How an office lays out its quarterly paper (issue 18): cover and contents or none, the cover's
// title and date, the body's orientation, the forecast ends' style, and the logo. An admin sets them;
// each change goes to the audit log with who, when and why in the same transaction. A paper takes
// them when it is made, so a published paper keeps the settings it was made with.
import type { Db, Tx } from '../platform/db/client.js';
import { createAuthRepository } from '../platform/auth/auth.repository.js';
import { type Actor, DomainError, invalid } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import type { Forecast } from '../projects/forecast.js';
import { formatForecast } from '../projects/forecast.js';
import { checkLogo, imageSize } from './logo.js';
import { createPaperSettingsRepository, type PaperSettingsRow } from './paper-settings.repository.js';
import { type PaperSettingsAnswer, paperSettingsSchema } from './paper-settings.schemas.js';
import { DEFAULT_PAPER_TITLE, type PaperLayout } from './report.model.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A forecast end in the office's style: "Q2 2020" and "Apr 2020", or DPU-2020-02's "Q2 '20" and "Apr '20". Each at its own precision. */
export function forecastInStyle(f: Forecast, style: PaperLayout['forecastStyle'] = 'quarter'): string {
  if (style === 'quarter' || f.precision === 'tbd' || !f.date) return formatForecast(f);
  const [y, mo] = f.date.split('-');
  const yy = `'${y.slice(2)}`;
  return f.precision === 'quarter' ? `Q${Math.floor((+mo - 1) / 3) + 1} ${yy}` : `${MONTHS[+mo - 1]} ${yy}`;
}

/** "April 2018": the month of the Panel meeting, as DPU-2018-04's cover gives it. */
export const monthOf = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

/** The layout a paper is made with: null when the office has no settings (the paper as before them). */
export function paperLayoutOf(row: PaperSettingsRow | undefined, period: { name: string; panelMeetingOn: string | null }): PaperLayout | null {
  if (!row) return null;
  const logo = row.logo && row.logoMediaType ? { mediaType: row.logoMediaType as 'image/png' | 'image/jpeg', data: row.logo } : null;
  const size = logo ? imageSize(logo.data, logo.mediaType) : null;
  return {
    cover: row.cover,
    title: row.title || DEFAULT_PAPER_TITLE,
    // The meeting's month when the editor set the meeting's date; the quarter otherwise.
    coverDate: row.coverDate === 'meeting' && period.panelMeetingOn ? monthOf(period.panelMeetingOn) : period.name,
    bodyOrientation: row.bodyOrientation,
    forecastStyle: row.forecastStyle,
    ...(logo && size ? { logo: { mediaType: logo.mediaType, base64: logo.data.toString('base64'), ...size } } : {}),
  };
}

const answer = (row: PaperSettingsRow | undefined): PaperSettingsAnswer => {
  const size = row?.logo && row.logoMediaType ? imageSize(row.logo, row.logoMediaType) : null;
  return {
    cover: row?.cover ?? false,
    title: row?.title ?? '',
    coverDate: row?.coverDate ?? 'quarter',
    bodyOrientation: row?.bodyOrientation ?? 'portrait',
    forecastStyle: row?.forecastStyle ?? 'quarter',
    logo:
      row?.logo && row.logoMediaType && row.logoSha256 && size
        ? { mediaType: row.logoMediaType as 'image/png' | 'image/jpeg', size: row.logo.byteLength, ...size, sha256: row.logoSha256 }
        : null,
    version: row?.version ?? 0,
    updatedAt: row ? row.updatedAt.toISOString() : null,
    updatedByName: row?.updatedByName ?? null,
  };
};

const CONFLICT = 'Someone else changed the paper settings since you opened them. Reload the page to see their changes.';

export function createPaperSettingsService({ db, now = () => new Date() }: { db: Db; now?: () => Date }) {
  const repo = createPaperSettingsRepository({ db });
  return {
    async get(officeId: string) {
      return answer(await repo.get(officeId));
    },
    /** The logo's bytes, for the admin page's preview; null without one. */
    async logo(officeId: string) {
      const row = await repo.get(officeId);
      return row?.logo && row.logoMediaType ? { mediaType: row.logoMediaType, data: row.logo } : null;
    },
    /**
     * Saves the settings. The logo comes as an uploaded file (the admin page) or as base64 in the
     * input (the API), checked by its content; `logo: null` removes it, no logo keeps it.
     */
    async save({ by, input, file }: { by: Actor; input: unknown; file?: { filename: string; data: Buffer | null } | null }) {
      const v = parseInput('paper_settings', paperSettingsSchema, input);
      let logo: { data: Buffer; mediaType: string; sha256: string } | null | undefined;
      const given = file ?? (v.logo ? { filename: v.logo.filename, data: Buffer.from(v.logo.base64.replace(/\s/g, ''), 'base64') } : undefined);
      if (given) {
        const checked = await checkLogo(given.filename, given.data);
        if (!checked.ok) throw invalid('paper_settings', [{ field: 'logo', message: checked.message }]);
        logo = checked.logo;
      } else if (v.logo === null) logo = null;
      const before = await repo.get(by.officeId);
      if (v.version !== undefined && v.version !== (before?.version ?? 0)) throw new DomainError('paper_settings.conflict', CONFLICT);
      const values = {
        cover: v.cover,
        title: v.title || null,
        coverDate: v.coverDate,
        bodyOrientation: v.bodyOrientation,
        forecastStyle: v.forecastStyle,
        ...(logo === undefined
          ? {}
          : logo === null
            ? { logo: null, logoMediaType: null, logoSha256: null }
            : { logo: logo.data, logoMediaType: logo.mediaType, logoSha256: logo.sha256 }),
        updatedAt: now(),
        updatedByName: by.name,
      };
      return db.transaction(async (tx) => {
        const r = createPaperSettingsRepository({ db: tx });
        const row = before ? await r.update(by.officeId, before.version, values) : await r.insert({ officeId: by.officeId, ...values });
        if (!row) throw new DomainError('paper_settings.conflict', CONFLICT);
        // The audit log names the logo by its hash: its bytes are in the settings row.
        const shown = (x: PaperSettingsAnswer) => ({ ...x, logo: x.logo?.sha256 ?? null, version: undefined, updatedAt: undefined, updatedByName: undefined });
        await createAuthRepository({ db: tx as Tx }).audit({
          officeId: by.officeId,
          entity: 'paper_settings',
          entityId: by.officeId,
          action: before ? 'updated' : 'created',
          changes: JSON.stringify({ before: before ? shown(answer(before)) : null, after: shown(answer(row)) }),
          reason: v.reason || null,
          actorId: by.userId,
          actorName: by.name,
        });
        return answer(row);
      });
    },
    /** Who changed the settings, when and why, newest first. */
    async history(officeId: string) {
      const rows = await createAuthRepository({ db }).listAudit(officeId, 'paper_settings', officeId);
      return rows.reverse();
    },
  };
}
export type PaperSettingsService = ReturnType<typeof createPaperSettingsService>;
