/** Flag combinations `up` refuses before anything starts (exit 2, one line and the fix). */
import { UsageError } from '../../errors.js';
import type { LoadedConfig } from '../common.js';

export interface UpFlags {
  echo?: boolean;
  forwardTo?: string;
  forwardSubpaths?: boolean;
}

export function checkUpFlags(opts: UpFlags, config: Pick<LoadedConfig, 'values'>): void {
  if (opts.forwardSubpaths && !opts.forwardTo)
    throw new UsageError('--forward-subpaths widens --forward-to: give --forward-to too');
  // Without signature checks anyone who finds the public URL can make the bot message any number with the
  // user's token. Forward mode turns --echo off anyway (the backend is the bot), with its own warning.
  if (opts.echo && !opts.forwardTo && config.values.appSecret === undefined) {
    throw new UsageError(
      '--echo needs the app secret: without signature checks anyone who finds the public URL could make the bot send messages with your token',
      {
        hint: 'set WHATSAPP_APP_SECRET in .env (App settings → Basic → App Secret) or pass --app-secret',
      },
    );
  }
}
