/** The bare baselines' one activity: nothing, answering when it ran. */
export function createBareActivities() {
  return {
    noop(): Promise<number> {
      return Promise.resolve(Date.now());
    },
  };
}

export type BareActivities = ReturnType<typeof createBareActivities>;
