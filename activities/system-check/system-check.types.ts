/** The activities the system-check workflow calls; implemented in `system-check.activities.ts`. */
export interface SystemCheckActivityContract {
  echo(token: string): Promise<string>;
}
