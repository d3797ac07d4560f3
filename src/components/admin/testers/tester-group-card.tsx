"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Badge, Button, Callout, Card, Input, useToast } from "@/components/ui";
import type { TesterGroupView } from "@/server/services/tester-groups";
import { useTRPC } from "@/trpc/react";
import { ConfirmedAction } from "../confirmed-action";
import { errorMessage } from "../error-message";
import { CopyField } from "../tokens/copy-field";
import { ChannelChoice } from "./channel-choice";

/** A tester group: its channels (saved on demand), its members, adding one by address, deleting it. */
export function TesterGroupCard({ appId, group, channels, onChange }: { appId: string; group: TesterGroupView; channels: string[]; onChange: () => void }) {
  const trpc = useTRPC();
  const toast = useToast();
  const [chosen, setChosen] = useState<string[]>(group.channels);
  const [email, setEmail] = useState("");
  const onError = (error: unknown) => toast.error(errorMessage(error));
  const save = useMutation(
    trpc.testerGroups.setChannels.mutationOptions({
      onSuccess: () => {
        toast.success("Channels saved");
        onChange();
      },
      onError,
    }),
  );
  const add = useMutation(
    trpc.testerGroups.addMember.mutationOptions({
      onSuccess: (added) => {
        toast.success(added.mailed ? `${added.member.email} added and emailed their link` : `${added.member.email} added`);
        setEmail("");
        onChange();
      },
    }),
  );
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(group.name);
  const rename = useMutation(
    trpc.testerGroups.rename.mutationOptions({
      onSuccess: (renamed) => {
        toast.success(`Group renamed to ${renamed.name}`);
        setRenaming(false);
        onChange();
      },
    }),
  );
  const removeGroup = useMutation(trpc.testerGroups.delete.mutationOptions());
  const removeMember = useMutation(trpc.testerGroups.removeMember.mutationOptions());
  const changed = [...chosen].sort().join(",") !== group.channels.join(",");
  return (
    <Card className="flex flex-col gap-4" data-testid="tester-group">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <h3 className="text-lg font-semibold break-all" data-testid="tester-group-name">
          {group.name}
        </h3>
        <div className="flex items-center gap-2">
          <Button variant="secondary" size="sm" aria-expanded={renaming} onClick={() => setRenaming(!renaming)}>
            Rename
          </Button>
          <ConfirmedAction
            label="Delete group"
            variant="secondary"
            size="sm"
            danger
            title={`Delete the group ${group.name}?`}
            description="Its testers lose what the group gave them, and the personal links of its outside addresses stop working."
            confirmLabel="Delete group"
            run={() => removeGroup.mutateAsync({ appId, groupId: group.id })}
            done="Group deleted"
            onDone={onChange}
          />
        </div>
      </div>
      {renaming ? (
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            rename.mutate({ appId, groupId: group.id, name });
          }}
        >
          <Input label="New name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={60} error={rename.isError ? errorMessage(rename.error) : undefined} />
          <Button type="submit" size="sm" disabled={rename.isPending} aria-busy={rename.isPending || undefined}>
            Save name
          </Button>
        </form>
      ) : null}
      <div className="flex flex-wrap items-end gap-4">
        <ChannelChoice legend={`Channels of ${group.name}`} channels={channels} chosen={chosen} onChange={setChosen} />
        <Button variant="secondary" size="sm" disabled={!changed || save.isPending} onClick={() => save.mutate({ appId, groupId: group.id, channels: chosen })}>
          Save channels
        </Button>
      </div>
      <ul className="flex flex-col divide-y divide-slate-200 dark:divide-slate-800" aria-label={`Members of ${group.name}`} data-testid="tester-group-members">
        {group.members.length === 0 ? <li className="py-2 text-sm text-slate-600 dark:text-slate-400">No testers yet.</li> : null}
        {group.members.map((member) => (
          <li key={member.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="tester-group-member">
            <span className="flex min-w-0 items-center gap-2 text-sm">
              <span className="break-all">{member.name ? `${member.name} <${member.email}>` : member.email}</span>
              <Badge tone={member.userId ? "success" : "neutral"}>{member.userId ? "account" : "personal link"}</Badge>
            </span>
            <ConfirmedAction
              label="Remove"
              variant="secondary"
              size="sm"
              title={`Remove ${member.email} from ${group.name}?`}
              description={member.userId ? "They can no longer install what this group gives." : "Their personal link stops working."}
              confirmLabel="Remove tester"
              run={() => removeMember.mutateAsync({ appId, groupId: group.id, memberId: member.id })}
              done="Tester removed"
              onDone={onChange}
            />
          </li>
        ))}
      </ul>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate({ appId, groupId: group.id, email });
        }}
      >
        <Input
          label={`Add a tester to ${group.name} by email`}
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          required
          maxLength={254}
          placeholder="tester@example.com"
          error={add.isError ? errorMessage(add.error) : undefined}
        />
        <Button type="submit" size="sm" disabled={add.isPending} aria-busy={add.isPending || undefined}>
          Add tester
        </Button>
      </form>
      {add.data?.shareUrl ? (
        <Callout tone="info" data-testid="tester-personal-link">
          <p>Mail is off, so send {add.data.member.email} their personal link yourself. It is not shown again.</p>
          <CopyField label="Personal link" value={add.data.shareUrl} data-testid="tester-personal-link-value" />
          <Button variant="secondary" size="sm" className="self-start" onClick={() => add.reset()}>
            Done
          </Button>
        </Callout>
      ) : null}
    </Card>
  );
}
