import type { Column } from "@/components/ui";
import type { InstallFunnel } from "@/domain/install-event";
import { funnelFigures, funnelInWords } from "./release-labels";

/** The install funnel as a table column ("2 · 1 · 0 · 1"), the same on the Overview and the releases list. */
export function funnelColumn<Row>(funnelOf: (row: Row) => InstallFunnel): Column<Row> {
  return {
    key: "funnel",
    header: <span title="Install page views · install taps · iOS manifest fetches · completed downloads">Views · taps · manifests · downloads</span>,
    className: "tabular-nums whitespace-nowrap",
    cell: (row) => (
      <span title={funnelInWords(funnelOf(row))} data-testid="release-funnel">
        {funnelFigures(funnelOf(row))}
      </span>
    ),
  };
}
