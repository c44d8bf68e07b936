import { UsageError } from '../errors.js';

export async function events(): Promise<void> {
  throw new UsageError('`wa-hook events` is not built yet', { hint: 'it is planned; see the README for what works today' });
}
