/**
 * Every stage of the pipeline is a generator that yields between steps of a few milliseconds
 * (so that a worker can report progress and honour cancellation). These run such steps.
 */

/** Runs the steps to the end at once and returns their result. */
export function runToEnd<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs the steps to the end, passing on one report per step; returns their result. */
export function* relay<Step, Result, Report>(
  steps: Generator<Step, Result>,
  report: (step: Step) => Report,
): Generator<Report, Result> {
  let step = steps.next();
  while (!step.done) {
    yield report(step.value);
    step = steps.next();
  }
  return step.value;
}
