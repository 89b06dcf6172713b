/**
 * Everything the bench starts (a PostgreSQL cluster, server processes, temp folders) registers
 * how to undo it here. The steps run in reverse order once: at the end of the run, on failure,
 * and on Ctrl-C / SIGTERM, so a run never leaves a cluster or a server behind.
 */
type Step = { label: string; run: () => Promise<void> | void };

const steps: Step[] = [];
let running: Promise<void> | undefined;

export function onCleanup(label: string, run: Step['run']): void {
  steps.push({ label, run });
}

export function cleanup(): Promise<void> {
  running ??= (async () => {
    while (steps.length > 0) {
      const step = steps.pop()!;
      try {
        await step.run();
      } catch (error) {
        process.stderr.write(`bench: cleanup "${step.label}" failed: ${(error as Error).message}\n`);
      }
    }
  })();
  return running;
}

let signalledAt = 0;

/** True once Ctrl-C (or SIGTERM/SIGHUP) arrived: the run is being abandoned. */
export const interrupted = () => signalledAt > 0;

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    // Wrappers (npm, npx, tsx) relay a Ctrl-C as a second signal at once: only a signal that
    // comes later means "stop now, never mind the cleanup".
    if (signalledAt && Date.now() - signalledAt > 3000) process.exit(130);
    if (signalledAt) return;
    signalledAt = Date.now();
    process.stderr.write(`\nbench: ${signal}, cleaning up…\n`);
    void cleanup().finally(() => process.exit(130));
  });
}
