// Next.js 16 with Cache Components (and Partial Prefetching, which Next.js asks new projects to
// enable with it), set explicitly as create-next-app 16.4 projects have them:
// route segment config such as `export const dynamic` is refused, and prerendering reports
// unstable values (Date.now(), Math.random()) read before request-time data. Nothing
// package-specific.
/** @type {import("next").NextConfig} */
const nextConfig = { cacheComponents: true, partialPrefetching: true };

export default nextConfig;
