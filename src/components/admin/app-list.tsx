"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/trpc/react";

/** The apps table of the admin home, loaded through the tRPC `apps.list` procedure. */
export function AppList() {
  const trpc = useTRPC();
  const apps = useQuery(trpc.apps.list.queryOptions({ limit: 50 }));

  if (apps.isPending) return <p className="text-slate-500">Loading apps…</p>;
  if (apps.isError) return <p role="alert" className="text-red-700 dark:text-red-300">Could not load apps: {apps.error.message}</p>;
  if (apps.data.items.length === 0) {
    return (
      <p className="text-slate-600 dark:text-slate-400" data-testid="no-apps">
        No apps yet.
      </p>
    );
  }
  return (
    <table className="w-full text-left text-sm" data-testid="app-list">
      <thead className="border-b border-slate-200 text-slate-500 dark:border-slate-800">
        <tr>
          <th className="py-2 font-medium">Name</th>
          <th className="py-2 font-medium">Slug</th>
          <th className="py-2 font-medium">Visibility</th>
          <th className="py-2 font-medium">Created</th>
        </tr>
      </thead>
      <tbody>
        {apps.data.items.map((app) => (
          <tr key={app.id} className="border-b border-slate-100 dark:border-slate-900">
            <td className="py-2 font-medium">
              <Link href={`/admin/apps/${app.slug}`} className="text-brand-600 hover:underline dark:text-brand-100">
                {app.displayName}
              </Link>
            </td>
            <td className="py-2 font-mono">{app.slug}</td>
            <td className="py-2">{app.visibility}</td>
            <td className="py-2">{app.createdAt.toISOString().slice(0, 10)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
