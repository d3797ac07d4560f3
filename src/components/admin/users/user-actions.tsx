"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Dialog, Select, useToast } from "@/components/ui";
import { APP_ROLES, type AppRole } from "@/domain/roles";
import { USER_ROLES, type UserRole } from "@/domain/user";
import { useTRPC } from "@/trpc/react";
import { ConfirmedAction } from "../confirmed-action";
import { errorMessage } from "../error-message";
import { LinkOncePanel } from "./link-once-panel";
import { APP_ROLE_WORDS, USER_ROLE_WORDS } from "./role-words";
import type { AppChoice } from "./invite-user-form";

interface UserRef {
  id: string;
  email: string;
}

/** The user's global role, changed on select; the server refuses leaving Shipyard without an enabled admin. */
export function UserRoleSelect({ user, role }: { user: UserRef; role: UserRole }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const setRole = useMutation(trpc.users.setRole.mutationOptions());
  return (
    <Select
      aria-label={`Role of ${user.email}`}
      // A table squeezes a full-width select to nothing when another column holds long names.
      className="min-w-28"
      value={role}
      disabled={setRole.isPending}
      onChange={(e) =>
        setRole.mutate(
          { id: user.id, role: e.target.value as UserRole },
          {
            onSuccess: () => {
              toast.success(`${user.email} is now ${USER_ROLE_WORDS[e.target.value as UserRole].label.toLowerCase()}`);
              router.refresh();
            },
            onError: (error) => toast.error(errorMessage(error)),
          },
        )
      }
      data-testid="user-role"
    >
      {USER_ROLES.map((r) => (
        <option key={r} value={r}>
          {USER_ROLE_WORDS[r].label}
        </option>
      ))}
    </Select>
  );
}

/** A member's role on each app, saved as each select changes. */
export function AppRolesEditor({ user, apps, roles }: { user: UserRef; apps: AppChoice[]; roles: Record<string, AppRole> }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const setAppRole = useMutation(trpc.users.setAppRole.mutationOptions());
  return (
    <details className="text-sm" data-testid="app-roles-editor">
      <summary className="cursor-pointer rounded-md font-medium text-brand-700 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-brand-100">Edit roles on apps</summary>
      <ul className="mt-2 flex flex-col gap-2">
        {apps.map((app) => (
          <li key={app.id}>
            <Select
              label={app.displayName}
              value={roles[app.id] ?? ""}
              disabled={setAppRole.isPending}
              onChange={(e) => {
                const role = (e.target.value || null) as AppRole | null;
                setAppRole.mutate(
                  { id: user.id, appId: app.id, role },
                  {
                    onSuccess: () => {
                      toast.success(role ? `${user.email} is ${APP_ROLE_WORDS[role].label.toLowerCase()} of ${app.displayName}` : `${user.email} has no role on ${app.displayName}`);
                      router.refresh();
                    },
                    onError: (error) => toast.error(errorMessage(error)),
                  },
                );
              }}
            >
              <option value="">No role</option>
              {APP_ROLES.map((r) => (
                <option key={r} value={r}>
                  {APP_ROLE_WORDS[r].label}
                </option>
              ))}
            </Select>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Disable or enable, reset link, delete: what an admin does to another user. */
export function UserActions({ user, disabled }: { user: UserRef; disabled: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const disable = useMutation(trpc.users.disable.mutationOptions());
  const enable = useMutation(trpc.users.enable.mutationOptions());
  const remove = useMutation(trpc.users.delete.mutationOptions());
  const reset = useMutation(trpc.users.resetLink.mutationOptions({ gcTime: 0 }));
  const [link, setLink] = useState<{ url: string; mailed: boolean; expiresAt: Date } | null>(null);

  return (
    <div className="flex flex-wrap gap-2">
      {disabled ? (
        <Button
          variant="secondary"
          size="sm"
          disabled={enable.isPending}
          onClick={() =>
            enable.mutate(
              { id: user.id },
              {
                onSuccess: () => {
                  toast.success(`${user.email} can sign in again`);
                  router.refresh();
                },
                onError: (error) => toast.error(errorMessage(error)),
              },
            )
          }
        >
          Enable<span className="sr-only"> {user.email}</span>
        </Button>
      ) : (
        <ConfirmedAction
          label={
            <>
              Disable<span className="sr-only"> {user.email}</span>
            </>
          }
          title={`Disable ${user.email}?`}
          description="They are signed out everywhere at once and cannot sign in until enabled again. Their roles stay."
          confirmLabel="Disable user"
          danger
          run={() => disable.mutateAsync({ id: user.id })}
          done={`${user.email} is disabled`}
          onDone={() => router.refresh()}
          data-testid="user-disable"
        />
      )}
      <Button
        variant="secondary"
        size="sm"
        disabled={reset.isPending}
        onClick={() =>
          reset.mutate(
            { id: user.id },
            {
              onSuccess: (result) => {
                setLink({ url: result.url, mailed: result.mailed, expiresAt: new Date(result.expiresAt) });
                reset.reset();
              },
              onError: (error) => toast.error(errorMessage(error)),
            },
          )
        }
        data-testid="user-reset-link"
      >
        Reset link<span className="sr-only"> for {user.email}</span>
      </Button>
      <ConfirmedAction
        label={
          <>
            Delete<span className="sr-only"> {user.email}</span>
          </>
        }
        title={`Delete ${user.email}?`}
        description="Their account and roles are removed; the audit log keeps their email on what they did. This cannot be undone."
        confirmLabel="Delete user"
        danger
        run={() => remove.mutateAsync({ id: user.id })}
        done={`${user.email} deleted`}
        onDone={() => router.refresh()}
        data-testid="user-delete"
      />
      <Dialog open={link !== null} onClose={() => setLink(null)} title={`Password reset link for ${user.email}`}>
        {link && <LinkOncePanel title="Reset link created" url={link.url} mailedTo={link.mailed ? user.email : null} expiresAt={link.expiresAt} onDone={() => setLink(null)} />}
      </Dialog>
    </div>
  );
}

/** Revokes a pending invitation. */
export function RevokeInvitationButton({ id, email }: { id: string; email: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const revoke = useMutation(trpc.users.revokeInvitation.mutationOptions());
  return (
    <ConfirmedAction
      label={
        <>
          Revoke<span className="sr-only"> invitation of {email}</span>
        </>
      }
      title={`Revoke the invitation of ${email}?`}
      description="Its link stops working at once. You can invite the address again later."
      confirmLabel="Revoke invitation"
      danger
      run={() => revoke.mutateAsync({ id })}
      done={`Invitation of ${email} revoked`}
      onDone={() => router.refresh()}
      data-testid="invitation-revoke"
    />
  );
}
