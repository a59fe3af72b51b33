// The LogtoApiError class and isLogtoApiError: plain JavaScript that never touches WebAssembly,
// so both work before the module has loaded. The Rust side (src/js_error.rs) imports this file
// (wasm-bindgen `module = "/npm/error.js"`) and constructs every error it rejects with here, and
// the entries re-export the same class.

// A registry symbol: errors made by another copy of this package (its ESM and CommonJS builds
// loaded side by side, two versions in one bundle) carry the same brand.
const BRAND = Symbol.for("logto-invitations.LogtoApiError");

/** Whether `value` is an error made by this package (any copy of it). */
export function isLogtoApiError(value) {
  try {
    return value instanceof Error && value[BRAND] === true && typeof value.kind === "string";
  } catch {
    // A Proxy whose traps throw is not our error.
    return false;
  }
}

/** The error every method rejects with: a real `Error` with Logto's fields as properties. */
export class LogtoApiError extends Error {
  constructor(message, fields) {
    super(message);
    Object.assign(this, fields);
  }

  // `instanceof` recognises errors from another copy of the package too.
  static [Symbol.hasInstance](value) {
    return isLogtoApiError(value);
  }
}

// Set explicitly so that minifiers that rename the class keep `constructor.name` and `name`.
Object.defineProperty(LogtoApiError, "name", { value: "LogtoApiError" });
LogtoApiError.prototype.name = "LogtoApiError";
LogtoApiError.prototype[BRAND] = true;
