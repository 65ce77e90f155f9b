type ActivityFunction = (...args: never[]) => Promise<unknown>;

/** The activity functions the worker registers (built in the worker module, the composition root). */
export class WorkerActivities {
  constructor(readonly functions: Record<string, ActivityFunction>) {}
}
