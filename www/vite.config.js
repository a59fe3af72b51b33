// Vite configuration for the demo dashboard. `npm run build` writes www/dist, which the local
// server serves (`logto-local-server --demo --static www/dist`). For `npm run dev`, set
// LOGTO_SERVER_URL to a running local server (e.g. the one `bash scripts/demo.sh` starts) to
// proxy the page's default base URL `/logto` to it.
import { defineConfig } from "vite";

const target = process.env.LOGTO_SERVER_URL;

export default defineConfig({
  // Relative asset URLs: the built page works from any path.
  base: "./",
  build: { target: "es2022", outDir: "dist", emptyOutDir: true },
  server: {
    // The package is installed as a link to ../pkg (`file:../pkg`): let the dev server read it.
    fs: { allow: [".", "../pkg"] },
    ...(target ? { proxy: { "/logto": { target, changeOrigin: true } } } : {}),
  },
});
