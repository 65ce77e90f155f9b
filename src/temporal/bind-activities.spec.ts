import { bindActivities } from './bind-activities';

class Greeter {
  constructor(private readonly greeting: string) {}

  greet(name: string): Promise<string> {
    return Promise.resolve(`${this.greeting}, ${name}`);
  }

  _internal(): string {
    return 'hidden';
  }
}

class LoudGreeter extends Greeter {
  shout(name: string): Promise<string> {
    return this.greet(name).then((text) => text.toUpperCase());
  }
}

describe('bindActivities', () => {
  it('registers every public method, inherited ones included, bound to the instance', async () => {
    const activities = bindActivities(new LoudGreeter('Hello'));

    expect(Object.keys(activities).sort()).toEqual(['greet', 'shout']);
    const { greet, shout } = activities;
    await expect(greet!('Ada' as never)).resolves.toBe('Hello, Ada');
    await expect(shout!('Ada' as never)).resolves.toBe('HELLO, ADA');
  });
});
