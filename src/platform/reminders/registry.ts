// Reminder kinds are the areas': each says what is due for an office at a moment. The composition
// root (src/app.ts) registers them; the reminders here know none of them.

/** One reminder falling due: `key` names it for good (the thing and the occasion), so it is sent once. */
export type DueReminder = { key: string; text: string; href?: string };

export type ReminderKind = {
  /** Stable name, kept in the office's settings and the sent reminders: lower case, digits, dots, dashes. */
  kind: string;
  /** What the admin page and the email's subject call it. */
  label: string;
  /** One sentence for the admin page: when a reminder is sent. */
  description: string;
  findDue(officeId: string, now: Date): Promise<DueReminder[]>;
};

export type ReminderRegistry = {
  register(kind: ReminderKind): void;
  all(): ReminderKind[];
  get(kind: string): ReminderKind | undefined;
};

export function createReminderRegistry(): ReminderRegistry {
  const kinds = new Map<string, ReminderKind>();
  return {
    register(k) {
      if (!/^[a-z0-9][a-z0-9.-]{0,62}$/.test(k.kind)) throw new Error(`Reminder kind "${k.kind}": lower case letters, digits, dots and dashes`);
      if (kinds.has(k.kind)) throw new Error(`Reminder kind "${k.kind}" is registered twice`);
      kinds.set(k.kind, k);
    },
    all: () => [...kinds.values()],
    get: (kind) => kinds.get(kind),
  };
}
