/**
 * The class of every error this package throws or rejects with. `instanceof LogtoApiError`
 * narrows to the `LogtoApiError` union (check `kind` next); it also recognises errors made by
 * another copy of the package. Construct one in your own tests to stand in for a failed call:
 * `new LogtoApiError("Invitation not found", { kind: "http", status: 404, attempts: 1 })`.
 */
export declare const LogtoApiError: {
    new (message: string, fields: LogtoApiErrorFields): LogtoApiError;
    readonly prototype: LogtoApiError;
};

/** The members of a `LogtoApiError` besides `name`, `message` and `stack`, for its constructor. */
export type LogtoApiErrorFields = LogtoApiError extends infer E ? (E extends LogtoApiError ? Omit<E, "name" | "message" | "stack"> : never) : never;

/**
 * Whether `value` is an error thrown or rejected by this package (any copy of it). Narrows
 * `unknown` in TypeScript: `if (isLogtoApiError(e) && e.kind === "http") console.log(e.status)`.
 * Plain JavaScript: works before the WebAssembly module has loaded.
 */
export declare function isLogtoApiError(value: unknown): value is LogtoApiError;

/**
 * Loads the WebAssembly module now. Optional: the package loads it on first use (in Node at the
 * first `new OrganizationInvitationsApi(...)`, in browsers in the background from then on, the
 * calls waiting for it). Call it to start the download early, or so that the constructor
 * throws configuration errors at once in browsers. Safe to call any number of times; rejects
 * with an `Error` naming the URL when the `.wasm` cannot be loaded.
 */
export declare function init(): Promise<void>;

export default init;

declare global {
    /**
     * `Symbol.dispose` (ES2026 explicit resource management), declared here so that the class's
     * `[Symbol.dispose]()` member compiles under libs that predate it (ES2022, DOM). Identical to
     * the declaration in TypeScript's `esnext.disposable` lib and in `@types/node`.
     */
    interface SymbolConstructor {
        readonly dispose: unique symbol;
    }
}
