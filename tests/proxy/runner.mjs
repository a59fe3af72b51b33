// The tiny test runner of the server entry's Node test files (tests/proxy/run.mjs,
// tests/proxy/organization-token.mjs, tests/acceptance/run.mjs): each test named and counted,
// `assert` and `equal`, and the closing line `<name>: N passed, M failed` with the exit code (0
// only with no failure and at least one test passed).

/** Throws `message` unless `condition`. */
export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Throws unless `actual` and `expected` are the same JSON. */
export function equal(actual, expected, message) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A run named `name`; `say` prints each result line (e.g. one that also keeps it to search). */
export function createRunner(name, { say = (line) => console.log(line) } = {}) {
  const run = {
    passed: 0,
    failed: 0,
    /** Runs one test: `ok - name` or `not ok - name: why`. */
    async test(title, fn) {
      try {
        await fn();
        run.passed += 1;
        say(`ok - ${title}`);
      } catch (error) {
        run.failed += 1;
        say(`not ok - ${title}: ${error?.stack ?? error}`);
      }
    },
    /** Prints the summary line and exits. */
    finish() {
      console.log(`${name}: ${run.passed} passed, ${run.failed} failed`);
      process.exit(run.failed === 0 && run.passed > 0 ? 0 : 1);
    },
  };
  return run;
}
