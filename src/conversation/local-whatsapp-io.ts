/**
 * Local WhatsApp for a test: local Meta on a free loopback port, its webhooks POSTed straight to the bot, and
 * the bot's Graph calls collected in a Mailbox. `wa-hook test` plays scripts on it; `createLocalWhatsApp()`
 * hands it to a Vitest/Jest test.
 */
import { randomBytes } from 'node:crypto';
import { startLocalMeta, type LocalMeta } from '../local-meta/local-meta-io.js';
import { choicesOf, interactiveKindOf, templateOf, textOf, type BotSend, type Choice } from './bot-send.js';
import { parseDuration } from './duration.js';
import { Mailbox } from './mailbox.js';
import type { TemplateDef } from '../local-meta/rules/types.js';
import { sameRecipient } from './match.js';
import type {
  CustomerOptions,
  Delivered,
  Location,
  LocalWhatsApp,
  LocalWhatsAppOptions,
  MediaKind,
  Reply,
} from './local-whatsapp-types.js';

export const DEFAULT_CUSTOMER_NUMBER = '16505551234';
const DEFAULT_BUSINESS_NUMBER = '15550001234';

/** A customer message the bot did not take: its webhook answer was not 200, so Meta resends it (redelivery.ts). */
export class WebhookRefusedError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly url: string,
  ) {
    super(
      httpStatus === 0
        ? `the bot did not answer the webhook POST to ${url} (is it listening there?)`
        : `the bot answered the webhook POST to ${url} with HTTP ${httpStatus}` +
            (httpStatus === 401 || httpStatus === 403
              ? ' (does it check X-Hub-Signature-256 with the same app secret?)'
              : httpStatus >= 200 && httpStatus < 300
                ? ': Meta takes only 200 and resends anything else, so the bot gets this message again'
                : ': Meta resends it (at once, then for up to 7 days), so the bot gets this message again'),
    );
    this.name = 'WebhookRefusedError';
  }
}

export class NoReplyError extends Error {
  constructor(timeoutMs: number) {
    super(`the bot sent no message within ${timeoutMs} ms`);
    this.name = 'NoReplyError';
  }
}

export function digitsOf(number: string): string {
  return number.replace(/\D/g, '');
}

function generatedId(): string {
  // Meta's ids are 15-16 digit numbers; a leading 1 keeps the length.
  return `1${BigInt(`0x${randomBytes(7).toString('hex')}`)
    .toString()
    .padStart(14, '0')
    .slice(0, 14)}`;
}

export function toReply(send: BotSend, templates: readonly TemplateDef[]): Reply {
  return {
    type: send.type,
    to: send.to,
    text: textOf(send),
    interactive: interactiveKindOf(send),
    choices: choicesOf(send, templates).map(({ id, title }) => ({ id, title })),
    template: templateOf(send),
    body: send.body,
    wamid: send.wamid,
    error: send.error,
    httpStatus: send.httpStatus,
  };
}

/** The whole session; `createLocalWhatsApp` exposes its public face, the runner uses the rest. */
export class LocalWhatsAppSession implements LocalWhatsApp {
  readonly mailbox = new Mailbox();
  /** The last inbound message id per customer (what a read receipt must name). */
  readonly lastInbound = new Map<string, string>();

  private constructor(
    private readonly meta: LocalMeta,
    readonly webhookUrl: string,
    readonly customer: string,
  ) {
    meta.on('graph-call', (call) => this.mailbox.onCall(call));
    meta.on('status', (status) => this.mailbox.onStatus(status));
  }

  static async start(options: LocalWhatsAppOptions): Promise<LocalWhatsAppSession> {
    const meta = await startLocalMeta({
      cwd: options.cwd ?? process.cwd(),
      graphPort: options.graphPort ?? 0,
      webhookUrl: options.forwardTo,
      appSecret: options.appSecret ?? randomBytes(16).toString('hex'),
      accessToken: options.accessToken ?? `EAAL${randomBytes(24).toString('base64url')}`,
      phoneNumberId: options.phoneNumberId ?? generatedId(),
      wabaId: options.wabaId ?? generatedId(),
      businessNumber: digitsOf(options.businessNumber ?? DEFAULT_BUSINESS_NUMBER),
    });
    return new LocalWhatsAppSession(meta, options.forwardTo, digitsOf(options.customer ?? DEFAULT_CUSTOMER_NUMBER));
  }

  get graphUrl() {
    return this.meta.graphUrl;
  }
  get phoneNumberId() {
    return this.meta.phoneNumberId;
  }
  get wabaId() {
    return this.meta.wabaId;
  }
  get accessToken() {
    return this.meta.accessToken;
  }
  get appSecret() {
    return this.meta.appSecret;
  }
  get businessNumber() {
    return this.meta.businessNumber;
  }

  private async deliver(message: Parameters<LocalMeta['customerSends']>[0]): Promise<Delivered> {
    const delivered = await this.meta.customerSends(message);
    this.lastInbound.set(message.from, delivered.wamid);
    if (delivered.httpStatus !== 200) throw new WebhookRefusedError(delivered.httpStatus, this.webhookUrl);
    return delivered;
  }

  private from(options?: CustomerOptions): string {
    return options?.from ? digitsOf(options.from) : this.customer;
  }

  say(text: string, options?: CustomerOptions): Promise<Delivered> {
    return this.deliver({ type: 'text', from: this.from(options), text });
  }

  send(kind: MediaKind, file: string, options?: CustomerOptions & { caption?: string }): Promise<Delivered>;
  send(kind: 'location', location: Location, options?: CustomerOptions): Promise<Delivered>;
  send(
    kind: MediaKind | 'location',
    what: string | Location,
    options?: CustomerOptions & { caption?: string },
  ): Promise<Delivered> {
    const from = this.from(options);
    // The package API: a JavaScript caller can pass anything, the overloads above only guide TypeScript.
    if (kind === 'location') {
      if (typeof what === 'string')
        throw new TypeError('send("location", …) takes { latitude, longitude }, not a string');
      return this.deliver({ type: 'location', from, ...what });
    }
    if (typeof what !== 'string') throw new TypeError(`send("${kind}", …) takes the path of a file`);
    return this.deliver({ type: kind, from, file: what, caption: options?.caption });
  }

  /** The bot's last interactive message to `customer` and the choice named, or why there is none. */
  findChoice(
    idOrTitle: string,
    customer: string,
  ): { send: BotSend; choice: Choice } | { problem: string; choices?: Choice[] } {
    const templates = this.meta.core.templates;
    const send = [...this.mailbox.sends]
      .reverse()
      .find((s) => !s.error && sameRecipient(customer, s.to) && choicesOf(s, templates).length > 0);
    if (!send) return { problem: 'the bot has sent no reply buttons, list or quick-reply template to tap' };
    const choices = choicesOf(send, templates);
    const choice = choices.find((c) => c.id === idOrTitle) ?? choices.find((c) => c.title === idOrTitle);
    if (!choice) return { problem: `no button or row "${idOrTitle}" in the bot's last interactive message`, choices };
    return { send, choice };
  }

  async tap(idOrTitle: string, options?: CustomerOptions): Promise<Delivered> {
    const from = this.from(options);
    const found = this.findChoice(idOrTitle, from);
    if ('problem' in found)
      throw new Error(
        `${found.problem}${found.choices ? ` (it has: ${found.choices.map((c) => `"${c.title}" [${c.id}]`).join(', ')})` : ''}`,
      );
    const { send, choice } = found;
    if (!send.wamid) throw new Error('the message has no Meta message id to reply to');
    if (choice.kind === 'button')
      return this.deliver({ type: 'button', from, payload: choice.id, text: choice.title, contextId: send.wamid });
    return this.deliver({ type: choice.kind, from, id: choice.id, title: choice.title, contextId: send.wamid });
  }

  async nextReply(options: { timeoutMs?: number } = {}): Promise<Reply> {
    const timeoutMs = options.timeoutMs ?? 5000;
    const send = await this.mailbox.nextSend(timeoutMs);
    if (!send) throw new NoReplyError(timeoutMs);
    return toReply(send, this.meta.core.templates);
  }

  advance(duration: string | number): void {
    const ms = typeof duration === 'number' ? duration : parseDuration(duration);
    if (ms === undefined || ms < 0)
      throw new TypeError(`advance(): "${duration}" is not a duration such as 25h or 90m`);
    this.meta.advance(ms);
  }

  statuses() {
    return [...this.mailbox.statuses];
  }

  close(): Promise<void> {
    return this.meta.close();
  }
}

export async function createLocalWhatsAppSession(options: LocalWhatsAppOptions): Promise<LocalWhatsApp> {
  if (!options || typeof options.forwardTo !== 'string')
    throw new TypeError('createLocalWhatsApp({ forwardTo }): forwardTo is the URL of your bot’s webhook');
  const url = new URL(options.forwardTo);
  if (!/^https?:$/.test(url.protocol)) throw new TypeError(`forwardTo must be an http(s) URL: ${options.forwardTo}`);
  return LocalWhatsAppSession.start(options);
}
