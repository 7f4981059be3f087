// Reminder emails: each office turns each kind on or off and names who gets it; the reminder job
// (reminders.job.ts) sends what has fallen due, each reminder once.
//
// Exactly once across instances and runners: a reminder is claimed by inserting its row into
// reminders_sent (primary key: office, kind and the reminder's own key) in a transaction that
// commits before the message is sent. Two runners racing claim disjoint sets (the second waits
// on the first's row, then finds it taken), so each reminder is in one message. No transaction is
// open while the relay is talked to. If the relay refuses, the claim is given back and the next run
// tries again. Only a process killed after the relay accepted a message and before it recorded
// that can send one twice (after STALE_CLAIM_MS); the message's Message-ID is the claim's, so the
// reader's mail program shows the two as one.
import { randomUUID } from 'node:crypto';
import { createAuthRepository } from '../auth/auth.repository.js';
import type { Db } from '../db/client.js';
import { londonDate } from '../db/time.js';
import { userDate } from '../dates.js';
import { type Actor, DomainError, notFound } from '../errors.js';
import type { Mailer } from '../mail/mailer.js';
import { parseInput } from '../validation.js';
import type { ReminderRegistry } from './registry.js';
import { createRemindersRepository } from './reminders.repository.js';
import { reminderSettingSchema } from './reminders.schemas.js';

/** A claim not marked sent after this is a run that stopped mid-send: taken again. */
export const STALE_CLAIM_MS = 30 * 60_000;

export function createRemindersService({
  db,
  now = () => new Date(),
  kinds,
  mailer,
  baseUrl,
}: {
  db: Db;
  now?: () => Date;
  kinds: ReminderRegistry;
  /** Unset when no SMTP relay is configured: nothing is sent. */
  mailer?: Mailer;
  baseUrl?: string;
}) {
  const repo = createRemindersRepository({ db });
  const auth = createAuthRepository({ db });
  const kindOf = (kind: string) => {
    const k = kinds.get(kind);
    if (!k) throw notFound('reminder_kind');
    return k;
  };
  const recipientList = (s: string) => s.split(',').filter(Boolean);

  /** Who gets an office's reminders of a kind: those named, or its editors and admins who can sign in. */
  async function recipientsOf(officeId: string, named: string) {
    if (named) return recipientList(named);
    const users = await auth.listUsers(officeId);
    return users.filter((u) => !u.disabled && (u.role === 'admin' || u.role === 'editor')).map((u) => u.email);
  }

  /** Sends one office's due reminders of one kind, those no runner has claimed; how many went out. */
  async function sendKind(office: { id: string; name: string }, kindName: string, named: string, at: Date, notes: string[]): Promise<number> {
    const kind = kinds.get(kindName);
    if (!kind || !mailer) return 0;
    const due = await kind.findDue(office.id, at);
    if (!due.length) return 0;
    const to = await recipientsOf(office.id, named);
    if (!to.length) {
      notes.push(`${office.name}: ${kind.label}: due, but the office has no editor or admin to send them to`);
      return 0;
    }
    const messageId = `<reminder-${randomUUID()}@pcp-tracker>`;
    const claimed = new Set(
      await db.transaction((tx) =>
        createRemindersRepository({ db: tx }).claim({
          officeId: office.id,
          kind: kindName,
          keys: due.map((d) => d.key),
          at,
          staleBefore: new Date(at.getTime() - STALE_CLAIM_MS),
          messageId,
        }),
      ),
    );
    const mine = due.filter((d) => claimed.has(d.key));
    if (!mine.length) return 0;
    const link = (href: string) => (baseUrl ? `${baseUrl}${href}` : href);
    const text = [
      `${kind.label}, ${office.name}, as at ${userDate(londonDate(at))}:`,
      '',
      ...mine.flatMap((d) => [`- ${d.text}`, ...(d.href ? [`  ${link(d.href)}`] : [])]),
      '',
      `${kind.description} Each is sent once.`,
      `An admin of the office turns these reminders on or off, and chooses who gets them, on the admin page: ${link('/admin/reminders')}`,
      '',
    ].join('\n');
    try {
      const { rejected } = await mailer.send({ to, subject: `${office.name}: ${kind.label} (${mine.length})`, text, messageId });
      if (rejected.length) notes.push(`${office.name}: ${kind.label}: the mail relay refused ${rejected.join(', ')}`);
    } catch (err) {
      await repo.release({ officeId: office.id, kind: kindName, messageId });
      throw err;
    }
    await repo.markSent({ officeId: office.id, kind: kindName, messageId, at: now(), recipients: to.join(',') });
    return mine.length;
  }

  return {
    /** The kinds there are, each with this office's setting and what was sent. */
    async settingsFor(officeId: string) {
      const rows = new Map((await repo.settings(officeId)).map((r) => [r.kind, r]));
      const sent = new Map((await repo.sentSummary(officeId)).map((r) => [r.kind, r]));
      return kinds.all().map((k) => ({
        kind: k.kind,
        label: k.label,
        description: k.description,
        enabled: rows.get(k.kind)?.enabled ?? false,
        recipients: recipientList(rows.get(k.kind)?.recipients ?? ''),
        sent: sent.get(k.kind)?.sent ?? 0,
        lastSentAt: sent.get(k.kind)?.lastSentAt ?? null,
      }));
    },
    kind: (kind: string) => kindOf(kind),
    mailConfigured: () => mailer !== undefined,

    /** An admin turns a kind on or off and names who gets it; the change goes to the audit log with who, when and why. */
    async saveSetting({ by, kind, input }: { by: Actor; kind: string; input: unknown }) {
      if (by.role !== 'admin') throw new DomainError('auth.forbidden', 'Only an admin can change the reminders.');
      const k = kindOf(kind);
      const v = parseInput('reminder_setting', reminderSettingSchema, input);
      const recipients = v.recipients.join(',');
      await db.transaction(async (tx) => {
        const r = createRemindersRepository({ db: tx });
        const before = await r.setting(by.officeId, k.kind);
        const was = { enabled: before?.enabled ?? false, recipients: before?.recipients ?? '' };
        if (was.enabled === v.enabled && was.recipients === recipients) return;
        const at = now();
        await r.saveSetting({ officeId: by.officeId, kind: k.kind, enabled: v.enabled, recipients, updatedAt: at });
        await createAuthRepository({ db: tx }).audit({
          officeId: by.officeId,
          entity: 'reminder_setting',
          entityId: k.kind,
          action: 'update',
          changes: JSON.stringify({ enabled: { from: was.enabled, to: v.enabled }, recipients: { from: was.recipients, to: recipients } }),
          reason: v.reason || null,
          actorId: by.userId,
          actorName: by.name,
          recordedAt: at,
        });
      });
      return { kind: k, enabled: v.enabled, recipients: v.recipients };
    },

    /**
     * The reminder job: every office's reminders that are on and due, sent; how many, and notes
     * for the log. One office's failure (the relay refused, say) does not stop the others; the
     * job fails at the end, naming them, so the runner logs it and tries again.
     */
    async sendDue(at = now()) {
      const notes: string[] = [];
      if (!mailer) return { reminders: 0, notes };
      const settings = await repo.enabled();
      const offices = new Map((await auth.listOffices()).map((o) => [o.id, o]));
      let reminders = 0;
      const failures: unknown[] = [];
      for (const s of settings) {
        const office = offices.get(s.officeId);
        if (!office) continue;
        try {
          reminders += await sendKind(office, s.kind, s.recipients, at, notes);
        } catch (err) {
          failures.push(new Error(`${office.name}: ${s.kind}: ${(err as Error).message}`, { cause: err }));
        }
      }
      if (failures.length) throw new AggregateError(failures, `Reminders could not be sent: ${failures.map((f) => (f as Error).message).join('; ')}`);
      return { reminders, notes };
    },
  };
}
export type RemindersService = ReturnType<typeof createRemindersService>;
