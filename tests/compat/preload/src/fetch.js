// The baseline: the same call with hand-written fetch.
import { done, settings } from "./page.js";

fetch(`${settings.api}/api/organization-invitations?organizationId=${encodeURIComponent(settings.organizationId)}`, { headers: { authorization: `Bearer ${settings.token}` } })
  .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))))
  .then(done, done);
