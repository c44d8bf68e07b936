/**
 * The commands the README and docs/ show, as a user would paste them: every line of a ```sh block, and every
 * inline code span that starts with a command. Shared by the shell-safety test (readme-shells) and the test
 * that runs them (doc-examples).
 */
export function docCommands(text: string): string[] {
  const out: string[] = [];
  for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) out.push(...block[1]!.split('\n').filter(Boolean));
  for (const span of text.matchAll(/`((?:wa-hook|node bin\/wa-hook\.js|npm|npx|cloudflared tunnel) [^`]*)`/g)) {
    out.push(span[1]!);
  }
  return out;
}

/** `send-sample text --text "Hola 👋"` → ['send-sample', 'text', '--text', 'Hola 👋']: the docs quote with "…" only. */
export function splitWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}
