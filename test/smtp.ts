// A real SMTP server (smtp-server, the library Nodemailer's authors maintain) on loopback, for tests:
// every message it accepts is parsed (mailparser) and kept, with the envelope's recipients.
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type Received = { to: string[]; subject: string; text: string; messageId: string; envelopeTo: string[] };

export async function startSmtp(t: { after: (fn: () => Promise<void>) => void }) {
  const messages: Received[] = [];
  let refuse = false;
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no certificate to trust in a test.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // No DNS on a test machine: the client's name is not looked up.
    disableReverseLookup: true,
    onData(stream, session, callback) {
      if (refuse) {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('Mailbox unavailable (test)'), { responseCode: 550 })));
        return;
      }
      simpleParser(stream).then(
        (m: ParsedMail) => {
          const to = [m.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address ?? ''));
          messages.push({
            to,
            subject: m.subject ?? '',
            text: m.text ?? '',
            messageId: m.messageId ?? '',
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    port,
    messages,
    /** Makes the server refuse every message (550) until set back. */
    refuse(on: boolean) {
      refuse = on;
    },
    /** Waits until `n` messages have arrived (or fails after `ms`). */
    async waitFor(n: number, ms = 15_000) {
      const until = Date.now() + ms;
      while (messages.length < n) {
        if (Date.now() > until) throw new Error(`expected ${n} messages, got ${messages.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return messages;
    },
  };
}
