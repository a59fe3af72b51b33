// The React page's baseline: the same call with hand-written fetch in the effect.
import { createElement as h, useEffect, useState } from "react";
import { createRoot } from "react-dom/client";
import { done, settings } from "./page.js";

function Invitations() {
  const [invitations, setInvitations] = useState();
  useEffect(() => {
    fetch(`${settings.api}/api/organization-invitations?organizationId=${encodeURIComponent(settings.organizationId)}`, { headers: { authorization: `Bearer ${settings.token}` } })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))))
      .then((list) => {
        setInvitations(list);
        done(list);
      }, done);
  }, []);
  return h("p", { id: "state" }, invitations ? `${invitations.length} invitations` : "loading");
}

createRoot(document.getElementById("root")).render(h(Invitations));
