import type { Metadata } from "next";
import Link from "next/link";
import { CreateAppForm } from "@/components/admin/apps/create-app-form";
import { requireAdmin } from "../../require-admin";

export const metadata: Metadata = { title: "New app" };

export default async function NewAppPage() {
  await requireAdmin();
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <Link href="/admin" className="text-sm text-brand-600 hover:underline dark:text-brand-100">
          ← Apps
        </Link>
        <h1 className="text-2xl font-semibold">New app</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">It starts with three channels, stable, beta and internal, ready for its first upload.</p>
      </div>
      <CreateAppForm />
    </div>
  );
}
