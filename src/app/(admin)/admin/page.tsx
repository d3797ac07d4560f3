import type { Metadata } from "next";
import { AppList } from "@/components/admin/app-list";

export const metadata: Metadata = { title: "Apps" };

export default function AdminHomePage() {
  return (
    <section className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Apps</h1>
      <AppList />
    </section>
  );
}
