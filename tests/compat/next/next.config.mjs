// Nothing package-specific (no serverExternalPackages, no webpack or Turbopack rules).
/** @type {import("next").NextConfig} */
const nextConfig = {};

export default nextConfig;
