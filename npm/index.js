// The package's entry for browsers, module Web Workers and bundlers (conditions "browser",
// "worker", "default"), and the source of the Node entry (scripts/package.mjs bundles it with
// load-node.js in place of load.js). It puts a thin class in front of wasm-bindgen's, so that
// the package needs no init step:
//
// - Where the module can be loaded synchronously (Node: load.js exports `loadSync`), the
//   constructor loads it on first use and throws configuration errors at once, as
//   wasm-bindgen's class does.
// - In browsers the .wasm is a separate download (inlined as base64 it would cost every page
//   about 10.6 KB more gzip), so the constructor starts the download and returns; the methods
//   wait for it. Until the module is there the configuration cannot be checked, so a
//   configuration error rejects the calls instead of throwing (after `await init()` the
//   constructor throws it).
//
// wasm-bindgen's client is created as soon as the module is there, and freed with this one. Both
// classes, OrganizationInvitationsApi (the admin's calls) and InvitationAcceptanceApi (the
// invitee's), are made by one function, each marked pure so that a bundler drops the one a page
// does not import.
import { InvitationAcceptanceApi as AcceptanceClient, OrganizationInvitationsApi as Client } from "./logto_invitations.js";
import { LogtoApiError } from "./error.js";
import { load, loadSync } from "./load.js";

export { LogtoApiError, isLogtoApiError } from "./error.js";

let ready = false;
let loading;

// Loads the module now if the entry can do it synchronously (Node); throws if that fails.
function loadNow() {
  if (!ready && loadSync) {
    loadSync();
    ready = true;
  }
}

/**
 * Loads the WebAssembly module if it is not loaded yet. Optional: the client loads it on first
 * use. Resolves with nothing; safe to call any number of times.
 */
export function init() {
  try {
    loadNow();
  } catch (error) {
    return Promise.reject(error);
  }
  return ready
    ? Promise.resolve()
    : (loading ??= load().then(
        () => {
          ready = true;
        },
        (error) => {
          loading = undefined; // a later call tries again
          throw error;
        },
      ));
}

// Members live under symbols: invisible to `for...in` and JSON, shortened by minifiers.
const CONFIG = Symbol();
const CLIENT = Symbol();
const FAILED = Symbol();
const DISPOSED = Symbol();
const BASE_URL = Symbol();

// The class `name` in front of wasm-bindgen's class `Client`, with the methods `calls`: each is
// sent through Client's one export for them, `invoke`, with its index in `calls`.
function define(Client, name, calls) {
  const disposedError = () =>
    new LogtoApiError(`This ${name} was disposed (free() or Symbol.dispose); create a new one with new ${name}(config)`, { kind: "invalid_input", field: "this" });

  // The wasm-bindgen client of `api`, created on first need once the module is loaded; a
  // configuration error is kept and thrown again for every call.
  function client(api) {
    if (api[FAILED]) throw api[FAILED];
    if (!api[CLIENT]) {
      try {
        api[CLIENT] = new Client(api[CONFIG]);
      } catch (error) {
        throw (api[FAILED] = error);
      }
      api[CONFIG] = undefined;
      api[BASE_URL] = api[CLIENT].baseUrl;
    }
    return api[CLIENT];
  }

  // `op`: the call's number in the module's `invoke`.
  function call(api, op, args) {
    if (api[DISPOSED]) return Promise.reject(disposedError());
    try {
      return client(api).invoke(op, ...args);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  const Api = class {
    constructor(config) {
      this[CONFIG] = config;
      loadNow();
      if (ready) client(this);
      // The configuration is checked as soon as the module is there; its error reaches the calls.
      else init().then(() => this[DISPOSED] || client(this)).catch(() => {});
    }

    /** The normalised base URL (before the module has loaded: `baseUrl` trimmed of trailing "/"). */
    get baseUrl() {
      if (this[BASE_URL] !== undefined) return this[BASE_URL];
      try {
        const value = this[CONFIG].baseUrl;
        return typeof value === "string" ? value.trim().replace(/\/+$/, "") : "";
      } catch {
        return "";
      }
    }

    /** Releases the client's WebAssembly memory; later calls reject. Idempotent. */
    free() {
      if (!this[DISPOSED]) {
        this[DISPOSED] = true;
        try {
          this[CLIENT]?.free();
        } catch {
          // Freed by a hook that runs within one of its calls (getAccessToken, the first
          // onRequest): that call still borrows the client, so wasm-bindgen drops this reference
          // and throws; the client goes when the call's method returns.
        }
      }
    }
  };
  Object.defineProperty(Api, "name", { value: name });

  // The calls: each waits for the module if it is still loading, then calls wasm-bindgen's.
  calls.forEach((method, op) => {
    Api.prototype[method] = function (...args) {
      if (!(this instanceof Api)) {
        return Promise.reject(new LogtoApiError(`${method} was called without an ${name} as \`this\``, { kind: "invalid_input", field: "this" }));
      }
      return ready ? call(this, op, args) : init().then(() => call(this, op, args));
    };
  });
  if (typeof Symbol.dispose === "symbol") Api.prototype[Symbol.dispose] = Api.prototype.free;
  return Api;
}

/** A client for Logto's organization-invitation Management API (see the type declarations). */
export const OrganizationInvitationsApi = /* @__PURE__ */ define(Client, "OrganizationInvitationsApi", [
  // In the order of `op` in OrganizationInvitationsApi::invoke (src/js/api.rs).
  "createOrganizationInvitation",
  "createOrganizationInvitationMessage",
  "deleteOrganizationInvitation",
  "getOrganizationInvitation",
  "listOrganizationInvitations",
  "replaceOrganizationInvitationStatus",
  "listOrganizationRoles",
  "getOrganization",
  "listOrganizationUsers",
]);

/** The invitee's calls to an app's `createInvitationAcceptance` handler (see the type declarations). */
export const InvitationAcceptanceApi = /* @__PURE__ */ define(AcceptanceClient, "InvitationAcceptanceApi", [
  // In the order of `op` in InvitationAcceptanceApi::invoke (src/js/api.rs).
  "getInvitation",
  "acceptInvitation",
]);

export default init;
