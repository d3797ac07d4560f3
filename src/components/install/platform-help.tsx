import type { Platform } from "@/domain/platform";

const summary = "cursor-pointer font-medium text-brand-600 dark:text-brand-100";

/** The steps testers trip over, per platform, folded away until asked for. */
export function PlatformHelp({ platform, profileType }: { platform: Platform; profileType: string | null }) {
  if (platform === "ios") {
    return (
      <details className="text-sm text-slate-700 dark:text-slate-300" data-testid="help-ios">
        <summary className={summary}>Installing on iPhone or iPad</summary>
        <ol className="mt-2 list-decimal space-y-1 pl-5">
          <li>Open this page in Safari and tap Install, then confirm the prompt. The app appears on your Home Screen.</li>
          {profileType === "development" || profileType === "ad-hoc" ? (
            <li>This build only installs on devices registered in its provisioning profile. If it fails with "Unable to install", ask for your device to be added.</li>
          ) : null}
          {profileType === "enterprise" ? <li>Enterprise build: before the first launch, go to Settings › General › VPN &amp; Device Management and trust the developer.</li> : null}
          <li>iOS 16 and later: turn on Settings › Privacy &amp; Security › Developer Mode when asked, then restart the device.</li>
        </ol>
      </details>
    );
  }
  if (platform === "android_apk") {
    return (
      <details className="text-sm text-slate-700 dark:text-slate-300" data-testid="help-android">
        <summary className={summary}>Installing on Android</summary>
        <ol className="mt-2 list-decimal space-y-1 pl-5">
          <li>Download the APK and open it from the notification or your Downloads.</li>
          <li>If Android blocks it, allow your browser to install unknown apps (Settings › Apps › Special app access › Install unknown apps), then open the file again.</li>
          <li>If the signer changed since your installed version, uninstall the old version first.</li>
        </ol>
      </details>
    );
  }
  return null;
}
