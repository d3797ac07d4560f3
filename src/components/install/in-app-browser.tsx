import type { Device } from "@/domain/device";

/**
 * In-app browsers (Instagram, Facebook, WeChat…) cannot run itms-services links or install APKs
 * reliably, so instead of a dead button the page says where to open it. On Android an intent://
 * link hands the page to Chrome directly.
 *
 * `openUrl` is what to open there: the page itself, or for a share-link visitor the share link,
 * since the other browser has no share cookie and a private app's page would be a 404 in it.
 */
export function InAppBrowserBanner({ device, openUrl }: { device: Device; openUrl: string }) {
  if (!device.inAppBrowser) return null;
  const browser = device.os === "android" ? "Chrome" : "Safari";
  const url = new URL(openUrl);
  const intent = `intent://${url.host}${url.pathname}${url.search}#Intent;scheme=${url.protocol.replace(":", "")};package=com.android.chrome;end`;
  return (
    <section
      role="alert"
      data-testid="in-app-browser"
      className="flex flex-col gap-2 rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50"
    >
      <h2 className="font-semibold">Open this page in {browser}</h2>
      <p className="text-sm">
        You are in {device.inAppBrowser}&apos;s built-in browser, which cannot install apps.{" "}
        {device.os === "android" ? "Open the page in Chrome:" : "Tap ··· or the share icon and choose “Open in Safari”, or copy the link:"}
      </p>
      {device.os === "android" ? (
        <a href={intent} className="inline-flex min-h-11 items-center justify-center rounded-lg bg-amber-600 px-4 font-semibold text-white" data-testid="open-in-browser">
          Open in Chrome
        </a>
      ) : null}
      <label className="text-xs font-medium">
        Page link
        <input readOnly value={openUrl} className="mt-1 w-full rounded border border-amber-300 bg-white px-2 py-1 font-mono text-xs text-slate-900" />
      </label>
    </section>
  );
}
