// logto-invitations/wasm-url: the URL of the browser entry's .wasm, for a preload hint in the
// page (`<link rel="preload" as="fetch" crossorigin>`, React's `preload(url, { as: "fetch",
// crossOrigin: "anonymous" })`), so that the download starts with the page instead of at the
// first `new OrganizationInvitationsApi(...)`. The same `new URL(..., import.meta.url)` as
// load.js's, so a bundler emits one file and rewrites both to its URL (Next.js's
// `/_next/static/media/logto_invitations_bg.<hash>.wasm`, in server components and layouts too).
// Importing it fetches nothing; it is not part of the default entry.
export default new URL("logto_invitations_bg.wasm", import.meta.url).href;
