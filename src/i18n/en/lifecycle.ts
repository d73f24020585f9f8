/** Whole process trees and operator intent: orphaned instances, refused restarts, the fallback profile, restores. */
export const lifecycle = {
  ev_orphans: '{service}: its main process is gone; stopping the {count} processes it left behind (pids {pids})',
  ev_refused: '{reason}',
  on_fallback: '{service} runs its fallback ({overrides}) and stays on it until someone switches back',
  stays_stopped: '{service} stays stopped: {by} stopped it ({at}); teach start {service} starts it again',
  kept_fallback: '{service} runs its fallback and stays on it until someone switches back (runbook: Switch back)',
  restore_interrupted: 'restore interrupted by {signal} during "{step}": what it had written was put back and the services that were running before were started again',
  restore_interrupted_hint: 'check with teach status; run the restore again when you are ready',
  restore_interrupting: '{signal} received: the restore stops after the step in hand, puts back what it wrote and starts the services that were running (a moment, please)',
  restore_still_rolling_back: 'still rolling back; teachops brings the services back even if this process is killed now',
  op_holder_died: '"{purpose}" (pid {pid}) ended without finishing (killed?); starting again what was running before it: {services}',
  op_recovered: '"{purpose}" (pid {pid}) was interrupted; started again: {started}; could not start: {failed}',
  left_by_operation: 'left stopped by "{purpose}" (pid {pid}), which ended without finishing: teach run starts it again, or run teach start {service}',
  port_var_hint: 'The port comes from ${{var}}: set {var} to a free port in {file} (or in the environment).',
};
