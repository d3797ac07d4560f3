import Link from "next/link";
import { AppTabs } from "@/components/admin/app-tabs";
import { UpdateKey } from "@/components/admin/update-key";
import { appAndAccess } from "./app-for-slug";

type Props = { children: React.ReactNode; params: Promise<{ slug: string }> };

/** Every page of one app: its name and facts, then the section tabs. */
export default async function AdminAppLayout({ children, params }: Props) {
  const { app, access } = await appAndAccess((await params).slug);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <Link href="/admin" className="text-sm text-brand-600 hover:underline dark:text-brand-100">
          ← Apps
        </Link>
        {/* A name (100 characters) or slug (64) without a break wraps anywhere: nothing widens a phone's page. */}
        <h1 className="text-2xl font-semibold wrap-anywhere">{app.displayName}</h1>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-600 dark:text-slate-400">
          <span className="min-w-0">
            slug <span className="font-mono break-all text-slate-900 dark:text-slate-100">{app.slug}</span>
          </span>
          <span>
            visibility{" "}
            <span className="text-slate-900 dark:text-slate-100" data-testid="app-visibility">
              {app.visibility}
            </span>
          </span>
          {/* Rotating the key is an app setting: an admin's. */}
          {access === "admin" && <UpdateKey appId={app.id} initial={app.updateKey} />}
          <Link href={`/${app.slug}`} className="text-brand-600 hover:underline dark:text-brand-100">
            Install page
          </Link>
        </div>
      </div>
      <AppTabs slug={app.slug} access={access} />
      {children}
    </div>
  );
}
