import { Button, ButtonLink, Input, Select } from "@/components/ui";
import { AUDIT_TARGET_TYPES } from "@/domain/audit";
import { AUDIT_ACTIONS, auditActionLabel } from "@/domain/audit-actions";
import { AUDIT_FILTER_PARAMS } from "@/domain/audit-query";
import { AuditFilterForm } from "./audit-filter-form";
import { AUDIT_TARGET_LABELS } from "./audit-labels";

export interface AuditFilterChoices {
  apps: Array<{ id: string; slug: string; displayName: string }>;
  users: Array<{ id: string; email: string }>;
  tokens: Array<{ id: string; name: string; displayPrefix: string; revoked: boolean }>;
}

type Values = Partial<Record<(typeof AUDIT_FILTER_PARAMS)[number] | "limit", string>>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A date field: a day picker, unless the URL holds an exact time (from the API), which must stay as typed. */
function DateField({ name, label, value, error }: { name: "from" | "to"; label: string; value?: string; error?: string }) {
  const exact = value !== undefined && !DAY.test(value);
  return (
    <Input
      type={exact ? "text" : "date"}
      name={name}
      label={label}
      defaultValue={value ?? ""}
      hint={exact ? "An exact time (ISO 8601)" : name === "to" ? "Includes the whole day (UTC)" : "From the start of the day (UTC)"}
      error={error}
      data-testid={`audit-filter-${name}`}
    />
  );
}

/**
 * The log's filters as a GET form: they live in the URL (shareable, back button, work without JavaScript),
 * and applying them starts again at the newest event (no cursor field). A value in the URL that
 * no option offers (a deleted app's id, an action of another version) stays selected.
 */
export function AuditFilters({ values, choices, errors }: { values: Values; choices: AuditFilterChoices; errors: Partial<Record<string, string>> }) {
  const appKnown = !values.app || choices.apps.some((a) => a.slug === values.app || a.id === values.app);
  const appValue = choices.apps.find((a) => a.id === values.app)?.slug ?? values.app ?? "";
  const actorKnown = !values.actor || values.actor === "system" || choices.users.some((u) => `user:${u.id}` === values.actor) || choices.tokens.some((t) => `token:${t.id}` === values.actor);
  const actionKnown = !values.action || AUDIT_ACTIONS.some((a) => a.action === values.action);
  const filtered = AUDIT_FILTER_PARAMS.some((name) => values[name]);

  return (
    <AuditFilterForm action="/admin/audit" role="search" aria-label="Filter the audit log" className="flex flex-col gap-3" data-testid="audit-filters">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Select name="app" label="App" defaultValue={appValue} error={errors.app} data-testid="audit-filter-app">
          <option value="">All apps</option>
          {choices.apps.map((a) => (
            <option key={a.id} value={a.slug}>
              {a.displayName} ({a.slug})
            </option>
          ))}
          {appKnown ? null : <option value={values.app}>{values.app} (deleted or unknown)</option>}
        </Select>
        <Select name="actor" label="Actor" defaultValue={values.actor ?? ""} error={errors.actor} data-testid="audit-filter-actor">
          <option value="">Anyone</option>
          <option value="system">Shipyard (automatic)</option>
          {choices.users.length ? (
            <optgroup label="Users">
              {choices.users.map((u) => (
                <option key={u.id} value={`user:${u.id}`}>
                  {u.email}
                </option>
              ))}
            </optgroup>
          ) : null}
          {choices.tokens.length ? (
            <optgroup label="Tokens">
              {choices.tokens.map((t) => (
                <option key={t.id} value={`token:${t.id}`}>
                  {t.name} ({t.displayPrefix}…){t.revoked ? " revoked" : ""}
                </option>
              ))}
            </optgroup>
          ) : null}
          {actorKnown ? null : <option value={values.actor}>{values.actor}</option>}
        </Select>
        <Select name="action" label="Action" defaultValue={values.action ?? ""} error={errors.action} data-testid="audit-filter-action">
          <option value="">Any action</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a.action} value={a.action}>
              {a.label}
            </option>
          ))}
          {actionKnown ? null : <option value={values.action}>{auditActionLabel(values.action ?? "")}</option>}
        </Select>
        <Select name="targetType" label="Target type" defaultValue={values.targetType ?? ""} error={errors.targetType} data-testid="audit-filter-target-type">
          <option value="">Any target</option>
          {AUDIT_TARGET_TYPES.map((type) => (
            <option key={type} value={type}>
              {AUDIT_TARGET_LABELS[type]}
            </option>
          ))}
        </Select>
        <Input
          name="targetId"
          label="Target id"
          defaultValue={values.targetId ?? ""}
          maxLength={100}
          autoComplete="off"
          spellCheck={false}
          hint="With a target type"
          error={errors.targetId}
          data-testid="audit-filter-target-id"
        />
        <DateField name="from" label="From" value={values.from} error={errors.from} />
        <DateField name="to" label="To" value={values.to} error={errors.to} />
      </div>
      {/* A page size given in the URL (the API's, or a shared link's) survives re-filtering. */}
      {values.limit ? <input type="hidden" name="limit" value={values.limit} /> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="secondary" data-testid="audit-filter-apply">
          Apply filters
        </Button>
        {filtered ? (
          <ButtonLink href="/admin/audit" variant="ghost" data-testid="audit-filter-clear">
            Clear filters
          </ButtonLink>
        ) : null}
      </div>
    </AuditFilterForm>
  );
}
