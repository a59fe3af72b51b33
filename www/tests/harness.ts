// A tiny test harness for the dashboard's pure modules (run in Node after `vite build --ssr`):
// `test(name, fn)` registers, `run(suite)` runs them in order and ends with the closing line
// `<suite>: N passed, M failed` (exit code 1 on any failure).

declare const process: { exitCode?: number };

type Body = () => void | Promise<void>;
const tests: { name: string; body: Body }[] = [];

export function test(name: string, body: Body): void {
  tests.push({ name, body });
}

export class AssertionError extends Error {
  override name = "AssertionError";
}

export function ok(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

export function equal<T>(actual: T, expected: T, message = ""): void {
  const a = show(actual);
  const e = show(expected);
  if (a !== e) throw new AssertionError(`${message ? `${message}: ` : ""}expected ${e}, got ${a}`);
}

export async function rejects(promise: Promise<unknown>, check: (error: unknown) => void): Promise<void> {
  let settled = false;
  try {
    await promise;
    settled = true;
  } catch (error) {
    check(error);
  }
  if (settled) throw new AssertionError("expected a rejection, got a value");
}

export async function run(suite: string): Promise<void> {
  let passed = 0;
  let failed = 0;
  for (const { name, body } of tests) {
    try {
      await body();
      passed += 1;
      console.log(`ok - ${name}`);
    } catch (error) {
      failed += 1;
      console.log(`not ok - ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(`${suite}: ${passed} passed, ${failed} failed`);
  if (failed > 0 || passed === 0) process.exitCode = 1;
}
