import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';
import type { EventRecord } from '../events/record/record.js';
import { factsOf } from '../events/facts.js';
import { hidesProbe, matchesQuery, parseFields, parseSince, parseTypes, type EventQuery } from '../events/query.js';
import { WHATSAPP_FIELDS } from '../events/fields.js';
import { eventsFilePath, findById, findFromEnd, followRecords, readPage } from '../events/log/reader-io.js';
import { createOutput } from '../ui/output-io.js';
import { renderDetail, renderListLine } from '../ui/events-view.js';
import { commonOptions, type CommonOptions } from './common.js';
import { parsedCommand, readOptions, type RawOptions } from './options.js';
import { KNOWN_TYPES, MAIN_TYPES, unknownTypes } from '../events/known-types.js';
import { suggestNames } from '../ui/did-you-mean.js';
import { errorMessage } from '../errors-narrow.js';

export interface EventsOptions extends CommonOptions {
  follow?: boolean;
  type?: string;
  from?: string;
  since?: string;
  limit: number;
  field?: string;
  probes?: boolean;
}

export function eventsOptions(raw: RawOptions): EventsOptions {
  const spec = { text: ['type', 'from', 'since', 'field'], flag: ['follow', 'probes'], count: ['limit'] } as const;
  const own = readOptions(raw, spec);
  return { ...commonOptions(raw), ...own, limit: own.limit ?? 50 };
}

function buildQuery(opts: EventsOptions, now: number): EventQuery {
  let since: number | undefined;
  if (opts.since !== undefined) {
    since = parseSince(opts.since, now);
    if (since === undefined) {
      throw new UsageError(`--since must be an ISO date/time or an age like 10m, 2h, 1d; got "${opts.since}"`, {
        hint: 'e.g. --since 30m or --since 2026-07-01T09:00:00Z',
      });
    }
  }
  const types = parseTypes(opts.type);
  const [unknown] = unknownTypes(types);
  if (unknown !== undefined) {
    const close = suggestNames(unknown, [...KNOWN_TYPES]);
    throw new UsageError(
      `unknown --type "${unknown}"${close.length ? ` — did you mean ${close.map((c) => `"${c}"`).join(' or ')}?` : ''}`,
      { hint: `valid types: ${MAIN_TYPES.join(', ')} (or a webhook field such as account_update)` },
    );
  }
  let fields: string[];
  try {
    fields = parseFields(opts.field);
  } catch (error) {
    throw new UsageError(errorMessage(error), { hint: `webhook fields: ${WHATSAPP_FIELDS.join(', ')}` });
  }
  return { types, fields, from: opts.from, since, probes: Boolean(opts.probes) };
}

async function show(id: string | undefined, path: string, opts: EventsOptions, ctx: Ctx): Promise<void> {
  if (!id)
    throw new UsageError('`wa-hook events show` needs an event id or "last"', {
      hint: 'ids are in the last column of `wa-hook events`',
    });
  // `last` is the last event the list would show: wa-hook's own probes only with --probes.
  const query: EventQuery = { probes: Boolean(opts.probes) };
  const record = id === 'last' ? await findFromEnd(path, (r) => !hidesProbe(r, query)) : await findById(path, id, true);
  if (!record) {
    throw new UsageError(id === 'last' ? `no events recorded yet in ${path}` : `no event with id ${id} in ${path}`, {
      hint: 'list the recorded events with `wa-hook events`',
    });
  }
  renderDetail(createOutput(ctx, Boolean(opts.json)), record);
}

/**
 * `wa-hook events`: the newest records of `.wa-hook/events.jsonl`, printed oldest → newest like a log
 * (so `--follow` continues below them); `--json` prints the same as NDJSON, one record per line.
 */
export async function events(opts: EventsOptions, ctx: Ctx, args: string[] = []): Promise<void> {
  const path = eventsFilePath(ctx.cwd);
  const [action, id] = args;
  if (action === 'show') return show(id, path, opts, ctx);
  if (action !== undefined)
    throw new UsageError(`unknown events action "${action}"`, {
      hint: 'use `wa-hook events` to list or `wa-hook events show ID|last`',
    });

  const out = createOutput(ctx, Boolean(opts.json));
  const query = buildQuery(opts, Date.now());
  // wa-hook's own probes are left out before their payload is parsed.
  const matches = (r: EventRecord) => !hidesProbe(r, query) && matchesQuery(r, factsOf(r), query);
  const since = query.since;
  const page = await readPage(path, {
    limit: opts.limit,
    match: matches,
    // The log is in arrival order: the first record older than --since ends the scan.
    stopAt: since === undefined ? undefined : (r) => Date.parse(r.receivedAt) < since,
  });
  for (const record of page.records.reverse()) renderListLine(out, record);
  if (page.records.length === 0 && !opts.follow)
    out.info(
      out.theme.dim(
        page.tail === 0
          ? `no events recorded yet in ${path}`
          : `no events match${query.probes ? '' : " (wa-hook's own probes are hidden: --probes lists them)"}`,
      ),
    );
  if (!opts.follow) return;

  out.info(out.theme.dim(`Following ${path} (Ctrl-C to stop)…`));
  for await (const record of followRecords(path, page.tail, ctx.signal)) {
    if (matches(record)) renderListLine(out, record);
  }
}

export const eventsCommand = parsedCommand(eventsOptions, events);
