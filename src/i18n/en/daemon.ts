export const daemon = {
  starting: 'teachops for {name} starting (pid {pid}, config {config})',
  adopted: 'adopted {service} (pid {pid}), already running',
  ready: 'ready: watching the services (Ctrl-C to quit; the services keep running)',
  stopping: 'received {signal}: finishing in-flight work and shutting down',
  services_keep_running: 'teachops stopped. The services keep running; `teach status` shows them and `teach stop all` stops them.',
  state_changed: '{service} is now {state} (pid {pid})',
  exited: '{service} (pid {pid}) exited unexpectedly ({code})',
  already_running: 'teach run is already running (pid {pid}) for {logs}',
  already_running_hint: 'stop it first (kill -TERM {pid}) or use another logs_dir',
};
