/** The types of `createLocalWhatsApp()` (the package API), kept apart so importing them loads nothing. */
import type { Choice, MetaErrorInfo, TemplateUse } from './bot-send.js';
import type { StatusSeen } from './mailbox.js';

export type MediaKind = 'image' | 'document' | 'audio' | 'video' | 'sticker';

export interface LocalWhatsAppOptions {
  /** The bot's webhook URL on this machine: the customer's messages and Meta's statuses are POSTed there, signed. */
  forwardTo: string;
  /** The customer's phone number (default +1 650 555 1234). */
  customer?: string;
  /** Port of the local Graph API (default 0: a free one; read `graphUrl`). */
  graphPort?: number;
  /** Folder whose `.wa-hook/templates.json` holds the template registry (default: process.cwd()). */
  cwd?: string;
  /** Secrets and ids the bot uses; generated when not given. */
  appSecret?: string;
  accessToken?: string;
  phoneNumberId?: string;
  wabaId?: string;
  /** The business phone number, digits (default 15550001234). */
  businessNumber?: string;
}

export interface CustomerOptions {
  /** Another customer's phone number (default: the `customer` option). */
  from?: string;
}

export interface Location {
  latitude: number;
  longitude: number;
  name?: string;
  address?: string;
}

/** A customer message as local Meta delivered it to the bot. */
export interface Delivered {
  wamid: string;
  /** The bot's answer to the webhook POST. */
  httpStatus: number;
}

/** The bot's send, as it called POST /{phone-number-id}/messages, read for tests. */
export interface Reply {
  /** Meta's message type: text, image, interactive, template, … */
  type: string;
  /** Digits of `to` as the bot wrote it. */
  to: string;
  /** Text body, caption or interactive body. */
  text?: string;
  /** button, list, cta_url, … for interactive messages. */
  interactive?: string;
  /** Reply buttons or list rows the customer can tap. */
  choices: Array<Pick<Choice, 'id' | 'title'>>;
  template?: TemplateUse;
  /** The request body exactly as the bot sent it. */
  body: Record<string, unknown>;
  /** Meta's message id when accepted. */
  wamid?: string;
  /** Meta's refusal (sync error), with the HTTP status in `httpStatus`. */
  error?: MetaErrorInfo;
  httpStatus: number;
}

export type Status = StatusSeen;

export interface LocalWhatsApp {
  /** Host only, e.g. http://127.0.0.1:4041: the bot's Graph base is `${graphUrl}/v24.0`. */
  readonly graphUrl: string;
  readonly phoneNumberId: string;
  readonly wabaId: string;
  readonly accessToken: string;
  readonly appSecret: string;
  readonly businessNumber: string;
  say(text: string, options?: CustomerOptions): Promise<Delivered>;
  send(kind: MediaKind, file: string, options?: CustomerOptions & { caption?: string }): Promise<Delivered>;
  send(kind: 'location', location: Location, options?: CustomerOptions): Promise<Delivered>;
  /** Taps a reply button or list row of the bot's last interactive message to the customer, by id or title. */
  tap(idOrTitle: string, options?: CustomerOptions): Promise<Delivered>;
  /** The bot's next message send; rejects when none comes within `timeoutMs` (default 5000). */
  nextReply(options?: { timeoutMs?: number }): Promise<Reply>;
  /** Moves local Meta's clock: `advance('25h')` closes the 24-hour window. */
  advance(duration: string | number): void;
  /** The statuses local Meta sent to the bot so far (sent, delivered, read, failed…). */
  statuses(): Status[];
  close(): Promise<void>;
}
