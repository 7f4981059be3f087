import { and, asc, desc, eq, getTableColumns, lt, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db/client.js';
import { updateVersioned } from '../platform/db/versioned.js';
import { panelDocuments, panelHistory, panelItems, panelMeetings, panelPapers, panelQuestions, panelRecommendations } from './panel.table.js';

export type MeetingRow = typeof panelMeetings.$inferSelect;
export type ItemRow = typeof panelItems.$inferSelect;
export type PaperRow = typeof panelPapers.$inferSelect;
export type PanelHistoryRow = typeof panelHistory.$inferSelect;
export type DocumentRow = typeof panelDocuments.$inferSelect;
export type DocumentBrief = Omit<DocumentRow, 'content'>;
const { content: _content, ...documentBriefColumns } = getTableColumns(panelDocuments);
export type QuestionRow = typeof panelQuestions.$inferSelect;
export type RecommendationRow = typeof panelRecommendations.$inferSelect;
/** A paper as listed: everything but its files. */
export type PaperBrief = Omit<PaperRow, 'html' | 'docx' | 'pdf' | 'model'> & { hasPdf: boolean };

const briefColumns = {
  id: panelPapers.id,
  officeId: panelPapers.officeId,
  meetingId: panelPapers.meetingId,
  itemId: panelPapers.itemId,
  kind: panelPapers.kind,
  title: panelPapers.title,
  sentAt: panelPapers.sentAt,
  sentById: panelPapers.sentById,
  sentByName: panelPapers.sentByName,
  hasPdf: sql<boolean>`(${panelPapers.pdf} is not null)`,
};

export function createPanelRepository({ db }: { db: DbOrTx }) {
  return {
    async meeting(officeId: string, id: string): Promise<MeetingRow | undefined> {
      const [row] = await db
        .select()
        .from(panelMeetings)
        .where(and(eq(panelMeetings.officeId, officeId), eq(panelMeetings.id, id)));
      return row;
    },
    meetings(officeId: string, filter: { body?: string; status?: string } = {}) {
      const where: SQL[] = [eq(panelMeetings.officeId, officeId)];
      if (filter.body) where.push(eq(panelMeetings.body, filter.body as MeetingRow['body']));
      if (filter.status) where.push(eq(panelMeetings.status, filter.status as MeetingRow['status']));
      return db
        .select()
        .from(panelMeetings)
        .where(and(...where))
        .orderBy(desc(panelMeetings.meetsOn), desc(panelMeetings.startsAt));
    },
    async insertMeeting(values: typeof panelMeetings.$inferInsert) {
      const [row] = await db.insert(panelMeetings).values(values).returning();
      return row;
    },
    updateMeeting(officeId: string, id: string, version: number, values: Partial<typeof panelMeetings.$inferInsert>) {
      return updateVersioned(db, panelMeetings, and(eq(panelMeetings.officeId, officeId), eq(panelMeetings.id, id)), version, values);
    },

    items(officeId: string, meetingId: string) {
      return db
        .select()
        .from(panelItems)
        .where(and(eq(panelItems.officeId, officeId), eq(panelItems.meetingId, meetingId)))
        .orderBy(asc(panelItems.position));
    },
    async item(officeId: string, id: string): Promise<ItemRow | undefined> {
      const [row] = await db
        .select()
        .from(panelItems)
        .where(and(eq(panelItems.officeId, officeId), eq(panelItems.id, id)));
      return row;
    },
    async insertItem(values: typeof panelItems.$inferInsert) {
      const [row] = await db.insert(panelItems).values(values).returning();
      return row;
    },
    updateItem(officeId: string, id: string, version: number, values: Partial<typeof panelItems.$inferInsert>) {
      return updateVersioned(db, panelItems, and(eq(panelItems.officeId, officeId), eq(panelItems.id, id)), version, values);
    },
    /**
     * Moves every item of the meeting to its new position in two statements: first out of the way
     * (negative), then into place, so the unique (meeting, position) index never sees two at once.
     */
    async renumber(meetingId: string, order: string[]) {
      if (!order.length) return;
      await db
        .update(panelItems)
        .set({ position: sql`-${panelItems.position}` })
        .where(eq(panelItems.meetingId, meetingId));
      for (const [i, id] of order.entries())
        await db
          .update(panelItems)
          .set({ position: i + 1 })
          .where(eq(panelItems.id, id));
    },

    papers(officeId: string, meetingId: string): Promise<PaperBrief[]> {
      return db
        .select(briefColumns)
        .from(panelPapers)
        .where(and(eq(panelPapers.officeId, officeId), eq(panelPapers.meetingId, meetingId)))
        .orderBy(asc(panelPapers.sentAt));
    },
    /** A paper without its files (the sent HTML, Word and PDF and the model: hundreds of KB for a delivery paper). */
    async paperBrief(officeId: string, id: string): Promise<PaperBrief | undefined> {
      const [row] = await db
        .select(briefColumns)
        .from(panelPapers)
        .where(and(eq(panelPapers.officeId, officeId), eq(panelPapers.id, id)));
      return row;
    },
    /** One of a paper's files as sent (its HTML, Word or PDF), with the item it went to, and nothing else of the row. */
    async paperFile(officeId: string, id: string, file: 'html' | 'docx' | 'pdf') {
      const [row] = await db
        .select({ itemId: panelPapers.itemId, bytes: panelPapers[file] })
        .from(panelPapers)
        .where(and(eq(panelPapers.officeId, officeId), eq(panelPapers.id, id)));
      return row as { itemId: string; bytes: string | Buffer | null } | undefined;
    },
    /** A paper's details and its model (the API's answer), without its files. */
    async paperWithModel(officeId: string, id: string) {
      const [row] = await db
        .select({ ...briefColumns, model: panelPapers.model })
        .from(panelPapers)
        .where(and(eq(panelPapers.officeId, officeId), eq(panelPapers.id, id)));
      return row;
    },
    async paper(officeId: string, id: string): Promise<PaperRow | undefined> {
      const [row] = await db
        .select()
        .from(panelPapers)
        .where(and(eq(panelPapers.officeId, officeId), eq(panelPapers.id, id)));
      return row;
    },
    async insertPaper(values: typeof panelPapers.$inferInsert) {
      const [row] = await db.insert(panelPapers).values(values).returning();
      return row;
    },
    /** The latest Decisions Update sent to a meeting before `meetsOn`: where the next one's list starts. */
    async previousDecisionsUpdate(officeId: string, meetsOn: string) {
      const [row] = await db
        .select({ model: panelPapers.model, meetsOn: panelMeetings.meetsOn })
        .from(panelPapers)
        .innerJoin(panelMeetings, eq(panelMeetings.id, panelPapers.meetingId))
        .where(and(eq(panelPapers.officeId, officeId), eq(panelPapers.kind, 'decisions_update'), lt(panelMeetings.meetsOn, meetsOn)))
        .orderBy(desc(panelMeetings.meetsOn), desc(panelPapers.sentAt))
        .limit(1);
      return row;
    },

    /** The office's exempt items: what the public site leaves out. */
    async exemptItemIds(officeId: string) {
      const rows = await db
        .select({ id: panelItems.id })
        .from(panelItems)
        .where(and(eq(panelItems.officeId, officeId), eq(panelItems.exempt, true)));
      return new Set(rows.map((r) => r.id));
    },
    documents(officeId: string, meetingId: string): Promise<DocumentBrief[]> {
      return db
        .select(documentBriefColumns)
        .from(panelDocuments)
        .where(and(eq(panelDocuments.officeId, officeId), eq(panelDocuments.meetingId, meetingId)))
        .orderBy(asc(panelDocuments.uploadedAt));
    },
    async document(officeId: string, id: string): Promise<DocumentRow | undefined> {
      const [row] = await db
        .select()
        .from(panelDocuments)
        .where(and(eq(panelDocuments.officeId, officeId), eq(panelDocuments.id, id)));
      return row;
    },
    async insertDocument(values: typeof panelDocuments.$inferInsert): Promise<DocumentBrief> {
      const [row] = await db.insert(panelDocuments).values(values).returning(documentBriefColumns);
      return row;
    },
    questions(officeId: string, meetingId?: string) {
      const where: SQL[] = [eq(panelQuestions.officeId, officeId)];
      if (meetingId) where.push(eq(panelQuestions.meetingId, meetingId));
      return db
        .select()
        .from(panelQuestions)
        .where(and(...where))
        .orderBy(asc(panelQuestions.createdAt));
    },
    async question(officeId: string, id: string): Promise<QuestionRow | undefined> {
      const [row] = await db
        .select()
        .from(panelQuestions)
        .where(and(eq(panelQuestions.officeId, officeId), eq(panelQuestions.id, id)));
      return row;
    },
    async insertQuestion(values: typeof panelQuestions.$inferInsert) {
      const [row] = await db.insert(panelQuestions).values(values).returning();
      return row;
    },
    updateQuestion(officeId: string, id: string, version: number, values: Partial<typeof panelQuestions.$inferInsert>) {
      return updateVersioned(db, panelQuestions, and(eq(panelQuestions.officeId, officeId), eq(panelQuestions.id, id)), version, values);
    },
    recommendations(officeId: string, meetingId?: string) {
      const where: SQL[] = [eq(panelRecommendations.officeId, officeId)];
      if (meetingId) where.push(eq(panelRecommendations.meetingId, meetingId));
      return db
        .select({ r: panelRecommendations, meetsOn: panelMeetings.meetsOn, body: panelMeetings.body })
        .from(panelRecommendations)
        .innerJoin(panelMeetings, eq(panelMeetings.id, panelRecommendations.meetingId))
        .where(and(...where))
        .orderBy(asc(panelMeetings.meetsOn), asc(panelRecommendations.createdAt));
    },
    async recommendation(officeId: string, id: string): Promise<RecommendationRow | undefined> {
      const [row] = await db
        .select()
        .from(panelRecommendations)
        .where(and(eq(panelRecommendations.officeId, officeId), eq(panelRecommendations.id, id)));
      return row;
    },
    async insertRecommendation(values: typeof panelRecommendations.$inferInsert) {
      const [row] = await db.insert(panelRecommendations).values(values).returning();
      return row;
    },
    updateRecommendation(officeId: string, id: string, version: number, values: Partial<typeof panelRecommendations.$inferInsert>) {
      return updateVersioned(db, panelRecommendations, and(eq(panelRecommendations.officeId, officeId), eq(panelRecommendations.id, id)), version, values);
    },

    async insertHistory(values: typeof panelHistory.$inferInsert) {
      await db.insert(panelHistory).values(values);
    },
    history(officeId: string, meetingId: string) {
      return db
        .select()
        .from(panelHistory)
        .where(and(eq(panelHistory.officeId, officeId), eq(panelHistory.meetingId, meetingId)))
        .orderBy(desc(panelHistory.id));
    },
  };
}
