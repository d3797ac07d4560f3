"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button, Input, Select } from "@/components/ui";
import { APP_ROLES, type AppRole } from "@/domain/roles";
import { USER_ROLES, type UserRole } from "@/domain/user";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "../error-message";
import { LinkOncePanel } from "./link-once-panel";
import { APP_ROLE_WORDS, USER_ROLE_WORDS } from "./role-words";

export interface AppChoice {
  id: string;
  slug: string;
  displayName: string;
}

interface Invited {
  email: string;
  url: string;
  mailed: boolean;
  expiresAt: Date;
}

/**
 * Invites someone by email, as an admin or a member with roles on some apps. The link is shown once
 * (and mailed when mail is on); it lives only in this component's state.
 */
export function InviteUserForm({ apps }: { apps: AppChoice[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<UserRole>("member");
  const [grants, setGrants] = useState<Record<string, AppRole | "">>({});
  const [invited, setInvited] = useState<Invited | null>(null);
  const invite = useMutation(trpc.users.invite.mutationOptions({ gcTime: 0 }));

  if (invited) {
    return (
      <LinkOncePanel
        title={`Invitation for ${invited.email} created`}
        url={invited.url}
        mailedTo={invited.mailed ? invited.email : null}
        expiresAt={invited.expiresAt}
        onDone={() => setInvited(null)}
        data-testid="invitation-created"
      />
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const appRoles = Object.entries(grants).flatMap(([appId, appRole]) => (appRole ? [{ appId, role: appRole }] : []));
    invite.mutate(
      { email, role, appRoles: role === "admin" ? [] : appRoles },
      {
        onSuccess: (result) => {
          setInvited({ email: result.invitation.email, url: result.url, mailed: result.mailed, expiresAt: new Date(result.invitation.expiresAt) });
          setEmail("");
          setGrants({});
          invite.reset();
          router.refresh();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} className="flex max-w-2xl flex-col gap-4" aria-label="Invite a user">
      <Input label="Email" type="email" required autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} maxLength={254} />
      <Select label="Role" value={role} onChange={(e) => setRole(e.target.value as UserRole)} hint={USER_ROLE_WORDS[role].description}>
        {USER_ROLES.map((r) => (
          <option key={r} value={r}>
            {USER_ROLE_WORDS[r].label}
          </option>
        ))}
      </Select>
      {/* min-w-0: a fieldset is at least as wide as its content by default, however long an app's name. */}
      {role === "member" && (
        <fieldset className="flex min-w-0 flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">Roles on apps</legend>
          {apps.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">No apps yet: roles can be given later, from this page.</p>
          ) : (
            <ul className="flex flex-col gap-2">
              {apps.map((app) => (
                <li key={app.id} className="flex flex-wrap items-center gap-3">
                  <Select
                    label={
                      <>
                        {app.displayName} <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{app.slug}</span>
                      </>
                    }
                    value={grants[app.id] ?? ""}
                    onChange={(e) => setGrants((g) => ({ ...g, [app.id]: e.target.value as AppRole | "" }))}
                    wrapperClassName="min-w-64"
                  >
                    <option value="">No role</option>
                    {APP_ROLES.map((r) => (
                      <option key={r} value={r}>
                        {APP_ROLE_WORDS[r].label}: {APP_ROLE_WORDS[r].description}
                      </option>
                    ))}
                  </Select>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
      )}
      {invite.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {errorMessage(invite.error)}
        </p>
      )}
      <div>
        <Button type="submit" disabled={invite.isPending}>
          {invite.isPending ? "Inviting…" : "Invite"}
        </Button>
      </div>
    </form>
  );
}
