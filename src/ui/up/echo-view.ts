import type { EchoReport } from '../../echo/bot-io.js';
import type { Output } from '../output-io.js';
import { terminalSafe } from '../terminal-text.js';

const who = (id: string) => (/^\d+$/.test(id) ? `+${id}` : id);

/** One line per Graph API answer of `up --echo`, with the fix when it refused. */
export function renderEcho(out: Output, report: EchoReport): void {
  out.data(report);
  if (out.json) return;
  const t = out.theme;
  const what =
    report.action === 'reply' ? `echo reply to ${who(report.to)}` : `mark ${report.messageId.slice(0, 18)}… read`;
  if (report.ok) {
    out.result(`  ${t.green('→')} ${what}: sent${report.wamid ? ` ${t.dim(report.wamid)}` : ''}`);
    return;
  }
  if ('skipped' in report)
    out.result(`  ${t.yellow('!')} ${terminalSafe(what)} skipped: ${terminalSafe(report.error)}`);
  else out.result(`  ${t.red('✖')} ${terminalSafe(what)} failed: ${t.red(terminalSafe(report.error))}`);
  if (report.hint) out.info(`    ${t.cyan('→')} ${report.hint}`);
}
