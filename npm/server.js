// The server entry of logto-invitations (`logto-invitations/server`): `clientCredentials`,
// `createInvitationsProxy` and `createInvitationAcceptance` for an app's backend (Node >= 20,
// Next.js route handlers, Deno, Bun). It is its own WebAssembly module (the crate built with the
// cargo feature `server`), so nothing here adds to what a browser downloads. scripts/package-server.mjs bundles this file
// with that build's glue and the .wasm inlined (esbuild's binary loader); the module is compiled
// and instantiated synchronously on import: there is no init step.
import {
  initSync,
  clientCredentials,
  createInvitationAcceptance,
  createInvitationsProxy,
  organizationTokenAuthorization,
  accessTokenUserId,
} from "./logto_invitations_server.js";
import wasm from "./logto_invitations_server_bg.wasm";

initSync({ module: wasm });

export { clientCredentials, createInvitationAcceptance, createInvitationsProxy };
export { organizationTokenAuthorization, accessTokenUserId };
export { LogtoApiError, isLogtoApiError } from "./error.js";
