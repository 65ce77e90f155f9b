import { stopAll } from './e2e-global-setup';

export default async function e2eGlobalTeardown(): Promise<void> {
  if (globalThis.e2eStack) await stopAll(globalThis.e2eStack);
}
