/**
 * The metrics part of `teach run` (on when services.yaml has a `metrics` section): the prom-client exporter fed by
 * the monitor's rounds, served at GET /metrics on its own listener (metrics.listen). The listener is shared
 * (`ctx.shared.httpListener`) so the Alertmanager receiver can route POST /alertmanager on the same port.
 * A port that cannot be bound is one clear line and a retry every 30 s; supervision goes on without /metrics.
 */
import type { SampleSink } from '../monitor/sample.js';
import type { PartFactory } from './run.js';
import { formatListenAddress } from '../config/listen.js';
import { displayPath } from '../config/problems.js';
import { formatDuration } from '../config/units.js';
import { errorMessage } from '../errors.js';
import { translator } from '../i18n/index.js';
import { MetricsListenError } from '../metrics/errors.js';
import { findPortListener } from '../probes/ports.js';
import { createHttpListener } from '../util/http-listener.js';
import { teachopsVersion } from '../util/project-root.js';
import { metricsSources } from './metrics-sources.js';

const RETRY_MS = 30_000;
/** a source that keeps failing (a locked database) is logged at most this often */
const SOURCE_ERROR_LOG_MS = 10 * 60_000;

export const metricsPart: PartFactory = async (ctx) => {
  const m = ctx.config.metrics;
  if (!m) return undefined;
  const { config, log } = ctx;
  const tr = translator(config.locale);
  // prom-client is loaded only when metrics are on.
  const { createExporter } = await import('../metrics/exporter.js');
  const loggedAt = new Map<string, number>();
  const exporter = createExporter({
    host: m.host,
    version: safeVersion(),
    services: config.serviceNames,
    healthChecked: config.serviceNames.filter((n) => config.services[n]!.health !== null),
    sources: metricsSources(ctx.ops.store, config.serviceNames),
    onSourceError: (source, e) => {
      const now = Date.now();
      if (now - (loggedAt.get(source) ?? -Infinity) < SOURCE_ERROR_LOG_MS) return;
      loggedAt.set(source, now);
      log(tr('metrics.source_failed', { source, message: errorMessage(e) }));
    },
  });
  const before = ctx.shared.monitorSink;
  ctx.shared.monitorSink = before ? bothSinks(before, exporter) : exporter;

  const listener = createHttpListener({
    notFound: (path) => tr('metrics.not_found', { path }),
    onError: (e, req) => log(tr('metrics.handler_failed', { method: req.method ?? '?', path: req.url ?? '?', message: errorMessage(e) })),
  });
  listener.route('GET', '/metrics', async (_req, res) => {
    const body = await exporter.render();
    res.writeHead(200, { 'content-type': exporter.contentType });
    res.end(body);
  });
  ctx.shared.httpListener = listener;

  const address = formatListenAddress(m.listen);
  let reported = false;
  let stopped = false;
  const bind = async (): Promise<boolean> => {
    try {
      await listener.listen(m.listen);
      // A retry that bound while `teach run` was stopping must not keep the port (and the process) alive.
      if (stopped) {
        await listener.close();
        return true;
      }
      log(tr('metrics.listening', { address, host: m.host }));
      return true;
    } catch (e) {
      // Said once; the retries are quiet until one succeeds.
      if (!reported) log(describeListenError(e));
      reported = true;
      return false;
    }
  };
  const describeListenError = (e: unknown): string => {
    const errno = (e as NodeJS.ErrnoException).code;
    const holder = errno === 'EADDRINUSE' ? findPortListener(m.listen.port) : undefined;
    const err = new MetricsListenError(
      {
        address: m.listen,
        errno,
        reason: errorMessage(e),
        ...(holder ? { holder: { ...(holder.pid !== undefined ? { pid: holder.pid } : {}), ...(holder.argv ? { command: holder.argv.join(' ') } : {}) } } : {}),
        file: displayPath(config.file, ctx.io?.cwd ?? process.cwd()),
        retry: formatDuration(RETRY_MS),
      },
      config.locale,
    );
    return `${err.message}\n  ${err.hint ?? ''}`;
  };

  let stopRetry = () => {};
  if (!(await bind())) {
    stopRetry = ctx.background.every('metrics listener', RETRY_MS, async () => {
      if (await bind()) stopRetry();
    });
  }
  return {
    name: 'metrics',
    async stop() {
      stopped = true;
      stopRetry();
      await listener.close();
    },
  };
};

function safeVersion(): string {
  try {
    return teachopsVersion();
  } catch {
    return 'unknown';
  }
}

/** Every round to both: neither throws (SampleSink's contract), so the second always gets it. */
function bothSinks(a: SampleSink, b: SampleSink): SampleSink {
  return {
    publish: (s) => {
      a.publish(s);
      b.publish(s);
    },
  };
}
