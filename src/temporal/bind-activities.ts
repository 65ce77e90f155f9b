type ActivityFunction = (...args: never[]) => Promise<unknown>;

/**
 * Temporal registers an object's own enumerable function properties, so a class instance registers nothing. This
 * turns each public method of an `@Injectable()` activities class into a bound function the worker can register.
 */
export function bindActivities(instance: object): Record<string, ActivityFunction> {
  const activities: Record<string, ActivityFunction> = {};
  let prototype: object | null = Object.getPrototypeOf(instance) as object | null;
  while (prototype && prototype !== Object.prototype) {
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const member: unknown = Reflect.get(instance, name);
      if (name === 'constructor' || name.startsWith('_') || typeof member !== 'function' || name in activities)
        continue;
      activities[name] = (member as ActivityFunction).bind(instance);
    }
    prototype = Object.getPrototypeOf(prototype) as object | null;
  }
  return activities;
}
