// The install page's inline scripts; their text lives in the domain so the CSP can hash it.
import { IPAD_CHECK, TAP_BEACON } from "@/domain/install-page-scripts";

export function PageScripts({ maybeIpad }: { maybeIpad: boolean }) {
  return (
    <>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant script of ours, allowed by its CSP hash. */}
      {maybeIpad ? <script dangerouslySetInnerHTML={{ __html: IPAD_CHECK }} /> : null}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a constant script of ours, allowed by its CSP hash. */}
      <script dangerouslySetInnerHTML={{ __html: TAP_BEACON }} />
    </>
  );
}
