// A trivial dynamic page: rendered on every request (no prerender, no cache), a few lines of
// output that change per request, so the bench compares Shipyard's pages with Next's own floor.
export const dynamic = "force-dynamic";

export default function Page() {
  const now = new Date();
  return (
    <main>
      <h1>Reference page</h1>
      <p>Rendered at {now.toISOString()}.</p>
      <p>Nothing here reads a database.</p>
    </main>
  );
}
