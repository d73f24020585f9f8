/** teachops' own settings for the daemon: the reader lives in src/config so the CLI reads them the same way. */
export { readDaemonEnv } from '../config/teachops-env.js';
