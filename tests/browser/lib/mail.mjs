// A real SMTP server for tests (npm smtp-server) that keeps every message it
// accepts, parsed with npm mailparser, and can be stopped and restarted on
// the same port (the outbox tests take it down mid-run).
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

export class MailSink {
  constructor({ delayMs = 0, onDataStart = null } = {}) {
    this.messages = [];
    this.delayMs = delayMs;
    this.onDataStart = onDataStart;
    this.port = 0;
    this.server = null;
  }

  async start(port = 0) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        if (this.onDataStart) this.onDataStart(session);
        const chunks = [];
        stream.on('data', (c) => chunks.push(c));
        stream.on('end', async () => {
          const raw = Buffer.concat(chunks);
          if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
          try {
            const parsed = await simpleParser(raw);
            this.messages.push({
              raw: raw.toString('utf8'),
              parsed,
              from: session.envelope.mailFrom && session.envelope.mailFrom.address,
              to: session.envelope.rcptTo.map((r) => r.address),
            });
            callback();
          } catch (e) {
            callback(e);
          }
        });
      },
    });
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', resolve);
    });
    // After listening, a client that dies mid-session (a killed sender)
    // resets its connection: an event for the log, not a crash of the test.
    this.server.on('error', () => {});
    this.port = this.server.server.address().port;
    return this.port;
  }

  async stop() {
    if (!this.server) return;
    await new Promise((resolve) => this.server.close(resolve));
    this.server = null;
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  // Waits for a message to `to` that satisfies `match`; returns it.
  async waitFor(to, match = () => true, timeoutMs = 60000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m) => m.to.includes(to) && match(m));
      if (found) return found;
      if (Date.now() > deadline) {
        const seen = this.messages.map((m) => `${m.to} «${m.parsed.subject}»`).join('; ');
        throw new Error(`no mail to ${to} within ${timeoutMs} ms (seen: ${seen || 'none'})`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  to(address) {
    return this.messages.filter((m) => m.to.includes(address));
  }
}

// The first link in a message's text part that starts with `prefix`.
export function linkIn(message, prefix) {
  const text = message.parsed.text ?? '';
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = text.match(new RegExp(escaped + '[^\\s<>"]*'));
  if (!m) throw new Error(`no link ${prefix}… in «${message.parsed.subject}»:\n${text}`);
  return m[0];
}

// A header of the message as sent (unfolded), "" when absent. (mailparser
// turns List-* headers into a structure; tests want the wire form.)
export function rawHeader(message, name) {
  const head = message.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(name.toLowerCase() + ':'));
  return line ? line.slice(name.length + 1).trim() : '';
}
