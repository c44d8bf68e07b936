/**
 * Text from the internet reaches the terminal only through here. A webhook body, a header, a message type or
 * the error V8 writes about a broken body (it quotes the raw input) can hold escape sequences that set the
 * window title, erase lines, move the cursor, or a newline followed by a fake `✔ self-test passed`. Every
 * such character is shown as a visible escape (`\x1b`, `\n`, `\u202e`) instead of being obeyed.
 */

/**
 * C0 controls, DEL, C1 controls (0x9b is a one-byte CSI on some terminals), the bidi overrides and isolates
 * that reorder what is shown, and the Unicode line/paragraph separators.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (char === '\n') return '\\n';
  if (char === '\r') return '\\r';
  if (char === '\t') return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One line of text from a record (a body, a header, a type, an error): nothing in it is obeyed, not even a newline. */
export function terminalSafe(text: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text) ? text.replace(UNSAFE, visible) : text;
}

/** A block shown on several lines (a raw body): its newlines are kept, everything else is made visible. */
export function terminalSafeBlock(text: string): string {
  return text.split(/\r?\n/).map(terminalSafe).join('\n');
}

/** SGR colour sequences (what chalk writes) are the only escapes our own lines carry. */
const SGR = /^\u001b\[[0-9;]*m/;

/**
 * The last line of defence, applied to every line wa-hook prints in human mode: our own colours and line
 * breaks stay, any other control character (whatever its origin) is made visible.
 */
export function guardLine(line: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(line)) return line;
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const char = line.charAt(i);
    if (char === '\n' || char === '\t') {
      out += char;
      continue;
    }
    if (char === '\u001b') {
      const sgr = SGR.exec(line.slice(i, i + 24));
      if (sgr) {
        out += sgr[0];
        i += sgr[0].length - 1;
        continue;
      }
    }
    out += terminalSafe(char);
  }
  return out;
}
