import type { ChannelChoice } from "@/server/services/install-page";

export function ChannelTabs({ slug, channels, current }: { slug: string; channels: ChannelChoice[]; current: string | null }) {
  const withReleases = channels.filter((c) => c.hasRelease);
  if (withReleases.length < 2) return null;
  return (
    <nav aria-label="Channel" className="flex flex-wrap gap-2 text-sm" data-testid="channel-tabs">
      {withReleases.map((c) => (
        <a
          key={c.name}
          href={`/${slug}/${c.name}`}
          aria-current={c.name === current ? "page" : undefined}
          className={c.name === current ? "font-semibold underline underline-offset-4" : "text-brand-600 hover:underline dark:text-brand-100"}
        >
          {c.name}
        </a>
      ))}
    </nav>
  );
}
