// A loading boundary only where the page cannot be missing: inside one, Next has already sent
// 200 when a page calls notFound(), so pages that can 404 (one app, release or channel) have none.
export { PageSkeleton as default } from "@/components/admin/shell/page-skeleton";
