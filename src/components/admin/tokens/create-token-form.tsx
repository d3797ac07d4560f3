"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Button, Checkbox, ErrorState, Input, Select, Skeleton, useToast } from "@/components/ui";
import type { TokenScope } from "@/domain/token";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import { errorMessage } from "../error-message";
import { type CreatedTokenView, NewTokenPanel } from "./new-token-panel";
import { appChoices, lifetimeChoices, lifetimeFromChoice, matchingPreset, presetSelection, presetsFor, type TokenFormErrors, type TokenFormField, tokenFormErrors } from "./token-form-model";

/**
 * Creates a token (name, restriction, scopes, expiry) from what tokens.options offers, then shows
 * its secret once. The secret lives only in this component's state: Done drops it. `isAdmin`: only
 * an admin may make a token for every app, so anyone else picks one of theirs.
 */
export function CreateTokenForm({ publicUrl, isAdmin }: { publicUrl: string; isAdmin: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const toast = useToast();
  const options = useQuery(trpc.tokens.options.queryOptions());
  const [created, setCreated] = useState<CreatedTokenView | null>(null);
  const [errors, setErrors] = useState<TokenFormErrors>({});
  const form = useRef<HTMLFormElement>(null);
  const refused = useRef(false);
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      // Drop the mutation (and the secret in its result) from the cache as soon as nothing observes it.
      gcTime: 0,
      onError: (error) => {
        refused.current = true;
        setErrors(tokenFormErrors(error));
      },
    }),
  );

  // After a refused submit (not while the user edits and errors clear), focus the first field at fault.
  // biome-ignore lint/correctness/useExhaustiveDependencies: errors is the trigger: the fields are marked invalid only once the new errors have rendered.
  useEffect(() => {
    if (!refused.current) return;
    refused.current = false;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  if (created) {
    return (
      <NewTokenPanel
        created={created}
        publicUrl={publicUrl}
        onDone={() => {
          setCreated(null);
          toast.success(`Token “${created.name}” is in the list below`);
        }}
      />
    );
  }
  if (options.isPending) {
    return (
      <div className="flex flex-col gap-3" aria-busy="true">
        <Skeleton className="h-10 w-full max-w-md" />
        <Skeleton className="h-10 w-full max-w-md" />
        <Skeleton className="h-32 w-full" />
      </div>
    );
  }
  if (options.isError) {
    return (
      <ErrorState
        title="Could not load the token options"
        message={errorMessage(options.error)}
        action={
          <Button variant="secondary" size="sm" onClick={() => void options.refetch()}>
            Try again
          </Button>
        }
      />
    );
  }

  return (
    <TokenFields
      formRef={form}
      options={options.data}
      isAdmin={isAdmin}
      errors={errors}
      pending={create.isPending}
      onChange={(field) => setErrors(({ [field]: _gone, form: _form, ...rest }) => rest)}
      onSubmit={(input, appSlug) =>
        create.mutate(input, {
          onSuccess: ({ token, secret }) => {
            setErrors({});
            setCreated({ name: token.name, secret, scopes: token.scopes, appSlug, channel: token.channel });
            create.reset();
            router.refresh();
          },
        })
      }
    />
  );
}

/** Exactly what tokens.options answers, so the form follows the procedure when it changes. */
type TokenOptions = inferRouterOutputs<AppRouter>["tokens"]["options"];

interface CreateInput {
  name: string;
  scopes: TokenScope[];
  app?: string;
  channel?: string;
  expiresInDays: number | "never";
}

function TokenFields(props: {
  formRef: React.RefObject<HTMLFormElement | null>;
  options: TokenOptions;
  isAdmin: boolean;
  errors: TokenFormErrors;
  pending: boolean;
  onChange: (field: TokenFormField) => void;
  onSubmit: (input: CreateInput, appSlug: string | null) => void;
}) {
  const { options, errors, onChange } = props;
  const apps = appChoices(options.apps, props.isAdmin);
  const [name, setName] = useState("");
  const [app, setApp] = useState(apps[0]?.value ?? "");
  const [channel, setChannel] = useState("");
  const [scopes, setScopes] = useState<TokenScope[]>([]);
  const [expiry, setExpiry] = useState(String(options.defaultTtlDays));
  const scopesId = useId();
  const offered = options.scopes.map((s) => s.name);
  const channels = options.apps.find((a) => a.slug === app)?.channels ?? [];
  const pressed = matchingPreset(scopes, offered);
  const appHint = !props.isAdmin
    ? "A token of yours acts on one of the apps you maintain."
    : options.apps.length === 0
      ? "No apps yet: this token will work for every app created later."
      : "Restrict the token to one app, or let it act on every app.";

  function submit(event: FormEvent) {
    event.preventDefault();
    props.onSubmit({ name, scopes, app: app || undefined, channel: (app && channel) || undefined, expiresInDays: lifetimeFromChoice(expiry) }, app || null);
  }

  function toggle(scope: TokenScope, on: boolean) {
    onChange("scopes");
    // Keep the server's order, so the list and the snippets read the same way every time.
    setScopes((current) => offered.filter((s) => (s === scope ? on : current.includes(s))));
  }

  return (
    <form ref={props.formRef} onSubmit={submit} noValidate className="flex flex-col gap-5" data-testid="token-form">
      <div className="grid gap-4 sm:grid-cols-2">
        <Input
          label="Name"
          hint="What uses it, so you know what breaks if you revoke it: “GitHub Actions beta”."
          value={name}
          onChange={(event) => {
            onChange("name");
            setName(event.target.value);
          }}
          error={errors.name}
          required
          autoComplete="off"
          data-testid="token-name"
        />
        <Select
          label="Expires after"
          value={expiry}
          onChange={(event) => {
            onChange("expiry");
            setExpiry(event.target.value);
          }}
          error={errors.expiry}
          hint="A token that never expires is only as safe as the CI secret store that holds it."
          data-testid="token-expiry"
        >
          {lifetimeChoices(options.defaultTtlDays, options.maxTtlDays).map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </Select>
        <Select
          label="App"
          value={app}
          onChange={(event) => {
            onChange("app");
            onChange("channel");
            setApp(event.target.value);
            setChannel("");
          }}
          error={errors.app}
          hint={appHint}
          data-testid="token-app"
        >
          {apps.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </Select>
        <Select
          label="Channel"
          value={channel}
          onChange={(event) => {
            onChange("channel");
            setChannel(event.target.value);
          }}
          disabled={!app}
          error={errors.channel}
          hint={app ? "Optionally, only this channel: publishing or promoting elsewhere is refused." : "Pick an app first to restrict the token to one of its channels."}
          data-testid="token-channel"
        >
          <option value="">{app ? "All channels" : "All channels of all apps"}</option>
          {channels.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </Select>
      </div>

      <fieldset className="flex flex-col gap-3">
        <legend className="mb-2 text-sm font-medium text-slate-800 dark:text-slate-200">Scopes</legend>
        {/* biome-ignore lint/a11y/useSemanticElements: toggle buttons inside the Scopes fieldset; a nested fieldset's UA min-inline-size would stop them wrapping. */}
        <div className="flex flex-wrap gap-2" role="group" aria-label="Scope presets">
          {presetsFor(offered).map((preset) => (
            <Button
              key={preset.id}
              variant="secondary"
              size="sm"
              aria-pressed={pressed?.id === preset.id}
              className={pressed?.id === preset.id ? "border-brand-600 dark:border-brand-100" : undefined}
              onClick={() => {
                onChange("scopes");
                setScopes(offered.filter((s) => presetSelection(preset, offered).includes(s)));
              }}
              data-testid={`token-preset-${preset.id}`}
            >
              {preset.label}
            </Button>
          ))}
        </div>
        <div className="grid gap-3 sm:grid-cols-2">
          {options.scopes.map((scope) => (
            <Checkbox
              key={scope.name}
              label={<span className="font-mono">{scope.name}</span>}
              hint={scope.description}
              checked={scopes.includes(scope.name)}
              onChange={(event) => toggle(scope.name, event.target.checked)}
              aria-invalid={errors.scopes ? true : undefined}
              aria-describedby={errors.scopes ? `${scopesId}-error` : undefined}
              data-testid={`token-scope-${scope.name}`}
            />
          ))}
        </div>
        {errors.scopes ? (
          <p id={`${scopesId}-error`} className="text-xs font-medium text-red-700 dark:text-red-300">
            {errors.scopes}
          </p>
        ) : null}
      </fieldset>

      {errors.form ? (
        <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-300" data-testid="token-form-error">
          {errors.form}
        </p>
      ) : null}
      <div>
        <Button type="submit" disabled={props.pending} aria-busy={props.pending || undefined} data-testid="token-create">
          {props.pending ? "Creating…" : "Create token"}
        </Button>
      </div>
    </form>
  );
}
