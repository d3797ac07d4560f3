import Link from "next/link";

export default function HomePage() {
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-4 px-6 py-16">
      <h1 className="text-3xl font-semibold">Shipyard</h1>
      <p className="text-slate-600 dark:text-slate-400">Self-hosted app distribution: upload builds from CI, install them in one tap.</p>
      <p>
        <Link className="font-medium text-brand-600 underline dark:text-brand-100" href="/admin">
          Admin console
        </Link>
      </p>
    </main>
  );
}
