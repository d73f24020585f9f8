/** Whole process trees and operator intent: orphaned instances, refused restarts, the fallback profile, restores. */
export const lifecycle = {
  ev_orphans: '{service}: its main process is gone; stopping the {count} processes it left behind (pids {pids})',
  ev_refused: '{reason}',
  on_fallback: '{service} runs its fallback ({overrides}) and stays on it until someone switches back',
};
