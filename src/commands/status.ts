import type { Ctx } from '../context.js';
import { CheckFailedError } from '../errors.js';
import { eventsFilePath, readPage } from '../events/log/reader-io.js';
import { readState } from '../state/state-file-io.js';
import { createOutput } from '../ui/output-io.js';
import { renderStatus, statusReport, type RunCounts } from '../ui/status-view.js';
import { commonOptions, type CommonOptions } from './common.js';
import { parsedCommand, readOptions, type RawOptions } from './options.js';

export interface StatusOptions extends CommonOptions {
  showToken?: boolean;
}

export function statusOptions(raw: RawOptions): StatusOptions {
  return { ...commonOptions(raw), ...readOptions(raw, { flag: ['showToken'] }) };
}

/** Counting stops here: a status line must answer at once, also beside a log of millions of records. */
const COUNT_CAP = 20_000;

async function countThisRun(cwd: string, startedAt: string): Promise<RunCounts> {
  const since = Date.parse(startedAt);
  const page = await readPage(eventsFilePath(cwd), {
    limit: COUNT_CAP,
    stopAt: (record) => Date.parse(record.receivedAt) < since,
  });
  const counts: RunCounts = { events: 0, rejected: 0, verifications: 0, graphCalls: 0, capped: false };
  for (const record of page.records) {
    if (record.kind === 'event') counts.events++;
    else if (record.kind === 'rejected') counts.rejected++;
    else if (record.kind === 'verification') counts.verifications++;
    else if (record.kind === 'graph') counts.graphCalls++;
  }
  counts.capped = page.records.length >= COUNT_CAP;
  return counts;
}

/** `wa-hook status`: the running `up` in this folder — its callback URL, token, tunnel, inspector, counts. */
export async function status(opts: StatusOptions, ctx: Ctx): Promise<void> {
  const out = createOutput(ctx, Boolean(opts.json));
  const state = await readState(ctx.cwd);
  if (!state) {
    throw new CheckFailedError('no wa-hook up is running in this folder', {
      hint: 'start it with `wa-hook up` (status reads .wa-hook/state.json of the folder you run it in)',
    });
  }
  const report = statusReport(state, await countThisRun(ctx.cwd, state.startedAt), Date.now(), Boolean(opts.showToken));
  if (out.json) out.data(report);
  else for (const line of renderStatus(report)) out.result(line);
}

export const statusCommand = parsedCommand(statusOptions, status);
