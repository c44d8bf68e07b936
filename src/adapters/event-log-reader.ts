import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRecordLine, type EventRecord } from '../core/event-record.js';
import { stateDir } from './state-file.js';
import { UsageError } from '../errors.js';

export function eventLogPath(cwd: string): string {
  return join(stateDir(cwd), 'events.jsonl');
}

/**
 * Finds a recorded request in `.wa-hook/events.jsonl`: `last` is the newest accepted event, any other
 * value an exact record id. Verification GETs have no body to resend, so they never match.
 */
export async function findRecord(cwd: string, idOrLast: string): Promise<EventRecord> {
  const path = eventLogPath(cwd);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`no event log to replay from (${path}: ${code ?? (error as Error).message})`, {
      hint: 'run `wa-hook up` in this folder and send it something first (e.g. `wa-hook send-sample`)',
      cause: error,
    });
  }
  const lines = text.split('\n');
  // Newest last: scan backwards so `last` on a long log stops early.
  for (let i = lines.length - 1; i >= 0; i--) {
    const record = parseRecordLine(lines[i]!);
    if (!record) continue;
    if (idOrLast === 'last' ? record.kind === 'event' : record.id === idOrLast) {
      if (record.kind === 'verification' || record.method !== 'POST') {
        throw new UsageError(`record ${record.id} is a ${record.method} ${record.kind}, not a POST with a body`, {
          hint: 'pick an event id from `wa-hook events`',
        });
      }
      return record;
    }
  }
  throw new UsageError(idOrLast === 'last' ? `no accepted event recorded in ${path}` : `no record with id ${idOrLast} in ${path}`, {
    hint: 'list the recorded events with `wa-hook events`',
  });
}
