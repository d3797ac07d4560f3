// The reference for bench:dynamic: the smallest Next app with one page rendered per request, built
// with the repo's own `next` (bench/lib/reference-servers.ts builds it into .next here, ignored).
/** @type {import('next').NextConfig} */
const nextConfig = { poweredByHeader: false };

export default nextConfig;
