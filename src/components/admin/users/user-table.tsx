import { Badge, type Column, Table } from "@/components/ui";
import type { AppRole } from "@/domain/roles";
import type { UserRow } from "@/server/services/user-admin";
import { When } from "../when";
import type { AppChoice } from "./invite-user-form";
import { APP_ROLE_WORDS, USER_ROLE_WORDS } from "./role-words";
import { AppRolesEditor, UserActions, UserRoleSelect } from "./user-actions";

function columns(me: string, apps: AppChoice[], now: Date): Column<UserRow>[] {
  return [
    {
      key: "user",
      header: "User",
      cell: (u) => (
        <span className="flex flex-col">
          <span className="font-medium" data-testid="user-email">
            {u.email}
            {u.id === me && <span className="ml-1 text-xs text-slate-600 dark:text-slate-400">(you)</span>}
          </span>
          {u.name && <span className="text-xs text-slate-600 dark:text-slate-400">{u.name}</span>}
        </span>
      ),
    },
    { key: "role", header: "Role", cell: (u) => (u.id === me ? USER_ROLE_WORDS[u.role].label : <UserRoleSelect user={u} role={u.role} />) },
    {
      key: "apps",
      header: "Apps",
      cell: (u) =>
        u.role === "admin" ? (
          <span className="text-sm text-slate-600 dark:text-slate-400">every app</span>
        ) : (
          // max-w-md: long app names would otherwise claim the table's width from the other columns.
          <span className="flex max-w-md flex-col gap-2">
            <span className="flex flex-wrap gap-1" data-testid="user-app-roles">
              {u.apps.length === 0 ? (
                <span className="text-sm text-slate-600 dark:text-slate-400">none</span>
              ) : (
                u.apps.map((a) => (
                  // A slug runs to 64 characters without a break: cut short with an ellipsis, whole in the title.
                  <Badge key={a.appId} tone={a.role === "maintainer" ? "info" : "neutral"} className="max-w-full" title={a.slug}>
                    <span className="max-w-48 truncate">{a.slug}</span>: {APP_ROLE_WORDS[a.role].label.toLowerCase()}
                  </Badge>
                ))
              )}
            </span>
            {apps.length > 0 && <AppRolesEditor user={u} apps={apps} roles={Object.fromEntries(u.apps.map((a) => [a.appId, a.role])) as Record<string, AppRole>} />}
          </span>
        ),
    },
    { key: "signed-in", header: "Last sign-in", cell: (u) => (u.lastSignInAt ? <When date={u.lastSignInAt} now={now} /> : "never") },
    {
      key: "state",
      header: "State",
      cell: (u) => (
        <Badge tone={u.disabledAt ? "danger" : "success"} data-testid="user-state">
          {u.disabledAt ? "disabled" : "active"}
        </Badge>
      ),
    },
    { key: "actions", header: <span className="sr-only">Actions</span>, cell: (u) => (u.id === me ? null : <UserActions user={u} disabled={u.disabledAt !== null} />) },
  ];
}

export function UserTable({ rows, me, apps, now }: { rows: UserRow[]; me: string; apps: AppChoice[]; now: Date }) {
  return <Table columns={columns(me, apps, now)} rows={rows} rowKey={(u) => u.id} caption="Users" rowTestId={() => "user-row"} rowData={(u) => ({ "data-email": u.email })} />;
}
