import QRCode from "qrcode";

const cache = new Map<string, string>();

async function qrSvg(url: string): Promise<string> {
  let svg = cache.get(url);
  if (!svg) {
    svg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1, color: { dark: "#0f172a", light: "#ffffff" } });
    if (cache.size > 200) cache.clear();
    cache.set(url, svg);
  }
  return svg;
}

/** A QR code of the page's URL, to carry the install from a desktop browser to a phone. */
export async function QrCode({ url, label }: { url: string; label: string }) {
  const svg = await qrSvg(url);
  return (
    <figure className="flex flex-col items-center gap-2" data-testid="qr-code">
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the SVG is the qrcode library's own output for our URL, never user input. */}
      <div className="h-40 w-40 rounded-lg bg-white p-2" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />
      <figcaption className="text-center text-xs text-slate-500 dark:text-slate-400">{label}</figcaption>
    </figure>
  );
}
