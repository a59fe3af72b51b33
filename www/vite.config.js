// Vite configuration for the demo dashboard. `npm run build` writes www/dist, which
// scripts/demo-server.mjs serves next to the package's proxy at /logto. For `npm run dev`, set
// LOGTO_SERVER_URL to a running demo (the URL `bash scripts/demo.sh` prints) to send the page's
// default base URL `/logto` to its proxy (and `/demo`, its sign-in, and `/api/invitations`, the
// invitee's endpoint, there too).
import { defineConfig } from "vite";

const target = process.env.LOGTO_SERVER_URL;

export default defineConfig({
  // Absolute asset URLs: the page is served at / and at /invitations/{id} (the email's link).
  base: "/",
  build: { target: "es2022", outDir: "dist", emptyOutDir: true },
  server: {
    // The package is installed as a link to ../pkg (`file:../pkg`): let the dev server read it.
    fs: { allow: [".", "../pkg"] },
    // /demo: the demo server's sign-in and session (its cookie is sent along, same origin);
    // /api/invitations: the invitee's endpoint (createInvitationAcceptance).
    ...(target
      ? { proxy: { "/logto": { target, changeOrigin: true }, "/demo": { target, changeOrigin: true }, "/api/invitations": { target, changeOrigin: true } } }
      : {}),
  },
});
