import type { PublicUrlCheck } from "@/domain/public-url";
import { Badge, Callout } from "@/components/ui";

/** PUBLIC_URL and what it allows; a visible warning when iOS devices cannot install from it. */
export function PublicUrlStatus({ check }: { check: PublicUrlCheck }) {
  return (
    <div className="flex flex-col gap-3">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-mono break-all" data-testid="health-public-url">
          {check.url}
        </span>
        {check.https ? <Badge tone="success">https</Badge> : <Badge tone="danger">not https</Badge>}
      </p>
      {check.iosInstallReady ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          iOS over-the-air installs need https with a certificate the devices trust. This URL uses https; if installs fail with “Unable to download app”, check that its certificate is not self-signed.
        </p>
      ) : (
        <Callout tone="warning" role="note" data-testid="public-url-warning" className="gap-1">
          <p className="font-semibold">iPhones and iPads cannot install from this server yet.</p>
          <p>
            {check.https
              ? "This address only works on the server itself, so phones cannot reach it."
              : "iOS installs apps over the air only from an https address with a certificate the device trusts."}{" "}
            Set <code className="font-mono">PUBLIC_URL</code> to the https address testers use (usually a reverse proxy with a certificate in front of Shipyard) and restart. Android and desktop
            downloads work meanwhile.
          </p>
        </Callout>
      )}
    </div>
  );
}
