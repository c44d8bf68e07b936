/**
 * A conversation script as `wa-hook test` plays it, after parsing and checking (parse-script.ts). The
 * written form (YAML or JSON) is documented by schema/conversation.schema.json; this is what it means.
 */

/** Where a value came from in the file, for messages a person can act on. */
export interface SourcePos {
  line: number;
  column: number;
}

export interface BotSpec {
  /** The bot's webhook URL: local Meta POSTs the customer's messages and the statuses there. */
  url: string;
  /** Start the bot with this command line (run through the shell, in `cwd`), then wait for `url`'s port. */
  command?: string;
  cwd?: string;
  env: Record<string, string>;
  /** How long the started bot may take to listen on its port. */
  readyTimeoutMs: number;
}

export interface Customer {
  name: string;
  /** wa_id: digits only. */
  number: string;
}

export type TextMatch = { equals: string } | { contains: string } | { matches: string };

export interface ReplyExpectation {
  /** Meta's message type of the bot's send: text, image, interactive, template, … */
  type?: string;
  /** For interactive messages: button, list, cta_url, … */
  interactive?: string;
  text?: TextMatch;
  /** Reply button titles (or ids), in order. */
  buttons?: string[];
  /** List row titles (or ids), in order, over all sections. */
  rows?: string[];
  template?: { name: string; language?: string; parameters?: string[] };
  /** Customer this reply goes to (default: the step's customer). */
  to?: string;
  withinMs: number;
}

export type CustomerAction =
  | { kind: 'say'; text: string }
  | { kind: 'send'; type: 'image' | 'document' | 'audio' | 'video' | 'sticker'; file: string; caption?: string }
  | { kind: 'location'; latitude: number; longitude: number; name?: string; address?: string }
  | { kind: 'tap'; choice: string };

export type Step = (
  | CustomerAction
  | { kind: 'wait'; ms: number; text: string }
  | { kind: 'expect'; reply: ReplyExpectation }
  | { kind: 'expectNoReply'; withinMs: number }
  | { kind: 'expectRead'; withinMs: number }
  | { kind: 'expectStatus'; status: string; code?: number; withinMs: number }
  | { kind: 'expectError'; code: number; withinMs: number }
) & {
  pos: SourcePos;
  label: string;
  /** wa_id of the customer the step acts as, or whose conversation it judges. */
  customer: string;
};

export interface Conversation {
  name: string;
  pos: SourcePos;
  steps: Step[];
}

export interface Script {
  file: string;
  bot?: BotSpec;
  customers: Customer[];
  conversations: Conversation[];
  /** Default `within` of expectations. */
  timeoutMs: number;
}

/** One mistake in a script: where, and what to write instead. */
export interface ScriptProblem extends SourcePos {
  message: string;
}
