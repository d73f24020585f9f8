/**
 * The monitor's LastErrorReader port: the last error line of a service's log (a bounded tail read, across a
 * rotation), redacted by shape and with the service's own secrets, so an alert can name it as the cause.
 */
import type { Config } from '../config/types.js';
import { secretValuesOf } from '../config/secrets.js';
import type { LastErrorReader } from '../monitor/snapshot.js';
import { scanLog } from '../probes/logs.js';
import { paths } from '../util/paths.js';

/** Lines looked at: the end of the log is where a crash leaves its reason. */
const SCANNED = 200;
/** An alert shows one line; a Python traceback's last line can be long. */
const MAX_CHARS = 300;

export function realLastError(config: Config): LastErrorReader {
  return async (service) => {
    if (!config.services[service]) return undefined;
    const scan = await scanLog(paths.serviceLog(config.logs_dir, service), SCANNED, secretValuesOf(config));
    const line = scan.latest.at(-1)?.trim();
    if (!line) return undefined;
    return line.length > MAX_CHARS ? `${line.slice(0, MAX_CHARS - 1)}…` : line;
  };
}
