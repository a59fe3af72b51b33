// For scale: the same call with openapi-fetch (untyped here: no generated paths).
import createClient from "openapi-fetch";
import { done, settings } from "./page.js";

const client = createClient({ baseUrl: settings.api, headers: { authorization: `Bearer ${settings.token}` } });
client
  .GET("/api/organization-invitations", { params: { query: { organizationId: settings.organizationId } } })
  .then(({ data, error }) => (error ? Promise.reject(new Error(JSON.stringify(error))) : data))
  .then(done, done);
