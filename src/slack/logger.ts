/**
 * Bolt's and the Socket Mode client's logs, routed into teachops' log: warnings and errors only (unless
 * TEACHOPS_LOG_LEVEL asks for more), each line redacted, never a raw payload. While connecting, their
 * complaints are held back: a failed start-up is explained by one clear teachops error instead.
 */
import { LogLevel, type Logger } from '@slack/bolt';
import { redact } from '../util/redact.js';

const ORDER: Record<LogLevel, number> = { [LogLevel.DEBUG]: 0, [LogLevel.INFO]: 1, [LogLevel.WARN]: 2, [LogLevel.ERROR]: 3 };

export function parseLogLevel(text: string | undefined): LogLevel {
  switch ((text ?? '').toLowerCase()) {
    case 'debug':
      return LogLevel.DEBUG;
    case 'info':
      return LogLevel.INFO;
    case 'error':
      return LogLevel.ERROR;
    default:
      return LogLevel.WARN;
  }
}

export interface BoltLogger extends Logger {
  /** while true, warnings and errors are only kept at debug level (start-up reports its own error) */
  quiet: boolean;
}

function text(parts: unknown[]): string {
  return parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p) ?? String(p))).join(' ');
}

export function boltLogger(log: (line: string) => void, initial: LogLevel): BoltLogger {
  let level = initial;
  let name = 'slack';
  const emit = (at: LogLevel, parts: unknown[]) => {
    const effective = logger.quiet && ORDER[at] > ORDER[LogLevel.INFO] ? LogLevel.DEBUG : at;
    if (ORDER[effective] < ORDER[level]) return;
    // Debug lines may include payloads; they are still redacted (tokens), and only shown when asked for.
    log(`${name} ${at}: ${redact(text(parts)).slice(0, 2000)}`);
  };
  const logger: BoltLogger = {
    quiet: false,
    debug: (...m: unknown[]) => emit(LogLevel.DEBUG, m),
    info: (...m: unknown[]) => emit(LogLevel.INFO, m),
    warn: (...m: unknown[]) => emit(LogLevel.WARN, m),
    error: (...m: unknown[]) => emit(LogLevel.ERROR, m),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n: string) => {
      name = n;
    },
  };
  return logger;
}
