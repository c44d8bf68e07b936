import { UsageError } from '../errors.js';

export async function init(): Promise<void> {
  throw new UsageError('`wa-hook init` is not built yet', { hint: 'it is planned; see the README for what works today' });
}
