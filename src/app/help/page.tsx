import type { Metadata } from "next";
import Link from "next/link";

// The same for every tester and every app, so Next prerenders it once at build time.
export const dynamic = "force-static";

// The root layout's title template adds " · Shipyard".
export const metadata: Metadata = {
  title: "Installing test builds",
  description: "How to install test builds from Shipyard on iPhone, iPad, Android, macOS, Windows and Linux.",
};

const section = "space-y-2 rounded-xl border border-slate-200 p-4 dark:border-slate-800";
const heading = "text-lg font-semibold";
const list = "list-decimal space-y-1 pl-5 text-slate-700 dark:text-slate-300";

export default function HelpPage() {
  return (
    <main className="mx-auto max-w-2xl space-y-6 px-4 py-8">
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">Installing test builds</h1>
        <p className="text-slate-600 dark:text-slate-400">
          Open the link you were sent on the device you want to install on. The page picks the right build for it; you can always switch platform by hand.
        </p>
      </header>

      <section className={section} aria-labelledby="help-ios">
        <h2 id="help-ios" className={heading}>
          iPhone and iPad
        </h2>
        <ol className={list}>
          <li>Open the link in Safari. Links opened inside other apps (mail, chat, social) cannot install: use “Open in Safari” first.</li>
          <li>Tap Install and confirm. The app appears on the Home Screen and downloads there.</li>
          <li>Development and ad hoc builds install only on devices registered in their provisioning profile. “Unable to install” usually means yours is not: ask for it to be added.</li>
          <li>iOS 16 and later: turn on Settings › Privacy &amp; Security › Developer Mode when asked, then restart.</li>
          <li>Enterprise builds: before the first launch, trust the developer in Settings › General › VPN &amp; Device Management.</li>
        </ol>
      </section>

      <section className={section} aria-labelledby="help-android">
        <h2 id="help-android" className={heading}>
          Android
        </h2>
        <ol className={list}>
          <li>Download the APK and open it from the notification or from Downloads.</li>
          <li>If Android blocks it, allow your browser to install unknown apps (Settings › Apps › Special app access › Install unknown apps).</li>
          <li>If the build is signed with a different key than the version you have, uninstall the old version first.</li>
        </ol>
      </section>

      <section className={section} aria-labelledby="help-desktop">
        <h2 id="help-desktop" className={heading}>
          macOS, Windows and Linux
        </h2>
        <ol className={list}>
          <li>The page offers the file for your system and processor first; the others are listed below it.</li>
          <li>macOS: if the app is not notarized, open it once with Control-click › Open.</li>
          <li>Windows: if SmartScreen warns about an unsigned installer, choose More info › Run anyway only for builds you expect.</li>
          <li>Linux: make an AppImage executable (chmod +x) before running it; install .deb and .rpm packages with your package manager.</li>
        </ol>
      </section>

      <section className={section} aria-labelledby="help-verify">
        <h2 id="help-verify" className={heading}>
          Checking a download
        </h2>
        <p className="text-slate-700 dark:text-slate-300">
          Every file on an install page shows its SHA-256. Compare it with <code>shasum -a 256 FILE</code> (macOS, Linux) or <code>certutil -hashfile FILE SHA256</code> (Windows).
        </p>
      </section>

      <p>
        <Link className="text-brand-600 underline dark:text-brand-100" href="/">
          Public apps
        </Link>
      </p>
    </main>
  );
}
