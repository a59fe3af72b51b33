// The server entry for Cloudflare Workers (`logto-invitations/server`, export condition
// "workerd"). Workers refuse to compile WebAssembly from bytes at run time: they run the modules
// their bundler uploads. So here the .wasm is imported as a module (wrangler and workerd give a
// `WebAssembly.Module` for a `.wasm` import) and instantiated synchronously on import, instead of
// being inlined as in the other server entries (npm/server.js).
import {
  initSync,
  clientCredentials,
  createInvitationAcceptance,
  createInvitationsProxy,
  organizationTokenAuthorization,
  accessTokenUserId,
} from "./logto_invitations_server.js";
import module from "./logto_invitations_server_bg.wasm";

initSync({ module });

export { clientCredentials, createInvitationAcceptance, createInvitationsProxy };
export { organizationTokenAuthorization, accessTokenUserId };
export { LogtoApiError, isLogtoApiError } from "./error.js";
