/**
 * Splits a `command:` string into argv the way a POSIX shell would split words, without running a shell: no
 * globbing, no variables, no pipes, so what the config says is exactly what is executed.
 */
import { TeachopsError } from '../errors.js';

export class CommandSyntaxError extends TeachopsError {
  readonly code = 'command_syntax';
  constructor(readonly quote: string, command: string) {
    super(`unterminated ${quote} quote in command: ${command}`, { hint: 'close the quote, or escape it with a backslash' });
  }
}

export function splitCommand(command: string): string[] {
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      // Inside double quotes a backslash only escapes the characters the shell gives meaning to there.
      else if (c === '\\' && i + 1 < command.length && '"\\$`'.includes(command[i + 1]!)) word += command[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 < command.length) word += command[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new CommandSyntaxError(quote, command);
  if (inWord) argv.push(word);
  return argv;
}
