// Email out through the office's SMTP relay, with nodemailer (a maintained SMTP client: STARTTLS,
// authentication, pooling, RFC 5322 headers and encodings are its job, not ours).
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { SmtpConfig } from '../../config.js';

export type Mail = { to: string[]; subject: string; text: string; messageId: string };
/** `send` resolves once the relay accepted the message for at least one recipient, with those it refused. */
export type Mailer = { send(mail: Mail): Promise<{ rejected: string[] }>; close(): void };

export function createMailer(smtp: SmtpConfig): Mailer {
  // nodemailer is loaded at the first message, not at start (issue 19).
  let opened: Promise<Transporter<SMTPTransport.SentMessageInfo>> | undefined;
  const transport = () =>
    (opened ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.secure,
        auth: smtp.user ? { user: smtp.user, pass: smtp.password } : undefined,
        // A relay that does not answer must fail the send, not hold the reminder job (and, on PGlite,
        // nothing else waits on it: no transaction is open while a message is sent).
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      }),
    ));
  return {
    async send(mail) {
      // Throws when the relay accepts no recipient; a partial refusal is a sent message (sending it
      // again would reach the others twice), reported to the caller.
      const info = await (await transport()).sendMail({ from: smtp.from, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId });
      return { rejected: info.rejected.map(String) };
    },
    close: () => void opened?.then((t) => t.close()),
  };
}
