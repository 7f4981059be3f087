// The Panel on the office's public site (/o/:officeSlug/panel): meetings upcoming and past, each
// meeting's agenda, papers, minute and recommendations, the agenda pack, every recommendation with
// its response, and an iCalendar feed. No sign-in. Nothing of an exempt item is shown or served
// (the service leaves it out), and nothing of another office: every read is by the slug's office.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { userDate } from '../platform/dates.js';
import { londonDate } from '../platform/db/time.js';
import { type OfficeFinder, publicOffice } from '../platform/web/forms.js';
import { STATUS_LABELS as RESPONSE_LABELS } from './deadlines.js';
import type { MeetingRow } from './panel.repository.js';
import { asciiName, DOCUMENT_LABELS, MEETING_STATUS_LABELS, meetingName, PAPER_KINDS, sizeLabel } from './panel.routes.js';
import { BODY_NAMES, type PanelService } from './panel.service.js';

type Req = FastifyRequest<{ Params: { officeSlug: string; id: string; file: string } }>;
const pub = { config: { access: 'public' as const } };
const V = 'panel/views';

export async function registerPanelPublicRoutes(
  app: FastifyInstance,
  deps: { services: { auth: OfficeFinder; panel: PanelService }; publicUrl?: string; now?: () => Date },
) {
  const { auth, panel } = deps.services;
  const now = deps.now ?? (() => new Date());
  const view = (m: MeetingRow) => ({ ...m, name: meetingName(m), statusLabel: MEETING_STATUS_LABELS[m.status] });

  app.get('/o/:officeSlug/panel', pub, async (req: Req, reply) => {
    const office = await publicOffice(req, auth);
    const all = await panel.meetings(office.id);
    const today = londonDate(now());
    return reply.page(`${V}/public-meetings.njk`, {
      title: 'Police and Crime Panel',
      publicOffice: office,
      upcoming: all
        .filter((m) => m.meetsOn >= today)
        .reverse()
        .map(view),
      past: all.filter((m) => m.meetsOn < today).map(view),
    });
  });

  app.get('/o/:officeSlug/panel/meetings/:id', pub, async (req: Req, reply) => {
    const office = await publicOffice(req, auth);
    const { meeting, items, recommendations } = await panel.publicMeeting(office.id, req.params.id);
    return reply.page(`${V}/public-meeting.njk`, {
      title: meetingName(meeting),
      publicOffice: office,
      m: { ...meeting, bodyName: BODY_NAMES[meeting.body], statusLabel: MEETING_STATUS_LABELS[meeting.status], date: userDate(meeting.meetsOn) },
      items: items.map((i) => ({
        ...i,
        papers: i.papers.map((p) => ({ ...p, kindLabel: PAPER_KINDS[p.kind] })),
        documents: i.documents.map((d) => ({ ...d, typeLabel: DOCUMENT_LABELS[d.fileType] ?? d.fileType, sizeLabel: sizeLabel(d.size) })),
        questions: i.questions.map((q) => ({ ...q, due: q.answerDue ? userDate(q.answerDue) : '', answered: q.answeredOn ? userDate(q.answeredOn) : '' })),
      })),
      hasPapers: items.some((i) => i.papers.length || i.documents.length),
      recommendations: recommendations.map((r) => ({
        ...r,
        statusLabel: RESPONSE_LABELS[r.shown],
        due: r.responseDue ? userDate(r.responseDue) : 'None set',
        responded: r.respondedOn ? userDate(r.respondedOn) : '',
      })),
    });
  });

  app.get('/o/:officeSlug/panel/meetings/:id/pack.pdf', pub, async (req: Req, reply) => {
    const office = await publicOffice(req, auth);
    const pack = await panel.agendaPack(office.id, req.params.id);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${pack.filename}"`).send(pack.pdf);
  });

  app.get('/o/:officeSlug/panel/papers/:id/:file', pub, async (req: Req, reply) => {
    const office = await publicOffice(req, auth);
    const { type, bytes } = await panel.publicPaperFile(office.id, req.params.id, req.params.file);
    // The bytes as sent: the frozen paper, never regenerated.
    return reply.type(type).header('content-disposition', `attachment; filename="${req.params.file}"`).send(bytes);
  });

  app.get('/o/:officeSlug/panel/documents/:id', pub, async (req: Req, reply) => {
    const office = await publicOffice(req, auth);
    const d = await panel.publicDocument(office.id, req.params.id);
    return reply
      .type(d.mediaType)
      .header('content-disposition', `attachment; filename="${asciiName(d.filename)}"`)
      .send(d.content);
  });

  app.get('/o/:officeSlug/panel/recommendations', pub, async (req: Req, reply) => {
    const office = await publicOffice(req, auth);
    const recs = await panel.publicRecommendations(office.id);
    return reply.page(`${V}/public-recommendations.njk`, {
      title: 'Recommendations of the Panel and the Commissioner’s responses',
      publicOffice: office,
      items: recs.map((r) => ({
        ...r,
        statusLabel: RESPONSE_LABELS[r.shown],
        due: r.responseDue ? userDate(r.responseDue) : 'None set',
        responded: r.respondedOn ? userDate(r.respondedOn) : '',
        meeting: `${BODY_NAMES[r.body]}, ${userDate(r.meetsOn)}`,
      })),
    });
  });

  app.get('/o/:officeSlug/panel/meetings.ics', pub, async (req: Req, reply) => {
    const office = await publicOffice(req, auth);
    const meetings = await panel.meetings(office.id);
    const withItems = [];
    for (const m of meetings) {
      const { items } = await panel.publicMeeting(office.id, m.id);
      withItems.push({ ...m, bodyName: BODY_NAMES[m.body], items: items.map((i) => `${i.position}. ${i.title}`) });
    }
    const base = deps.publicUrl ?? '';
    // The calendar writer (ical-generator) is loaded by the first feed asked for, not at start.
    const { meetingsCalendar } = await import('./calendar.js');
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `inline; filename="${office.slug}-panel-meetings.ics"`)
      .header('cache-control', 'no-store')
      .send(meetingsCalendar({ officeName: office.name, meetings: withItems, url: (id) => `${base}/o/${office.slug}/panel/meetings/${id}` }));
  });
}
