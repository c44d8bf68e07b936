/** `--echo` as a part of the session: the bundled bot answers the texts of `request` events. */
import { parseRecordPayload } from '../events/facts.js';
import { maskSecret } from '../config/redact.js';
import type { EchoBot } from '../echo/bot-io.js';
import type { UpSessionConfig } from './config.js';
import type { ReadyEvent, UpEvent, UpListener } from './events.js';

export interface EchoPart {
  bot: EchoBot;
  listener: UpListener;
  ready: NonNullable<ReadyEvent['echo']>;
}

/** The bot, or undefined after a warning saying why it is off. */
export async function startEchoPart(
  config: UpSessionConfig,
  emit: (event: UpEvent) => void,
): Promise<EchoPart | undefined> {
  if (config.forward) {
    // Your backend is the bot there: a second reply from wa-hook would double every answer.
    emit({
      type: 'warning',
      source: 'echo',
      message: '--echo is off with --forward-to: your backend answers the messages',
    });
    return undefined;
  }
  const { accessToken, phoneNumberId } = config.loaded.values;
  if (!accessToken || !phoneNumberId) {
    const missing = [
      accessToken ? '' : 'WHATSAPP_ACCESS_TOKEN (--access-token)',
      phoneNumberId ? '' : 'WHATSAPP_PHONE_NUMBER_ID (--phone-number-id)',
    ].filter(Boolean);
    emit({
      type: 'warning',
      source: 'echo',
      message: `--echo needs ${missing.join(' and ')}: running without bot replies`,
    });
    return undefined;
  }
  // undici only when the bot is on: `up` without --echo never loads it.
  const [{ graphClientFor }, { createEchoBot }] = await Promise.all([
    import('../graph/client-io.js'),
    import('../echo/bot-io.js'),
  ]);
  // Outbound calls honour HTTPS_PROXY / NO_PROXY; the token is masked in errors.
  const client = graphClientFor(config.loaded.values, { env: config.env });
  const bot = createEchoBot({ client, token: accessToken, phoneNumberId, report: emit });
  return {
    bot,
    listener: (event) => {
      // Large bodies arrive without their parsed payload (receiver/server-io.ts): parsed here, for the bot only.
      if (event.type === 'request')
        bot.handle(
          event.record,
          event.payload ?? (event.record.kind === 'event' ? parseRecordPayload(event.record) : undefined),
        );
    },
    ready: { phoneNumberId, maskedToken: maskSecret(accessToken) },
  };
}
