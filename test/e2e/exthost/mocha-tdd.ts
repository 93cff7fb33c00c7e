// Mocha's TDD interface for the extension-host tests, without global type
// declarations: each call is forwarded to the function mocha puts on the global
// object just before it loads a test file (its "pre-require" event).

type Body = () => unknown;
type Mocha = Record<
  'suite' | 'test' | 'suiteSetup' | 'suiteTeardown',
  (title: string | Body, body?: Body) => unknown
>;

function mocha(): Mocha {
  const g = globalThis as unknown as Partial<Mocha>;
  if (typeof g.suite !== 'function')
    throw new Error('not loaded by mocha (ui tdd): run these files through test/e2e/exthost/index.ts');
  return g as Mocha;
}

export const suite = (title: string, body: Body): unknown => mocha().suite(title, body);
export const test = (title: string, body: Body): unknown => mocha().test(title, body);
export const suiteSetup = (body: Body): unknown => mocha().suiteSetup(body);
