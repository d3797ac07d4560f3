// What the configured PUBLIC_URL means for installs. iOS fetches an over-the-air install manifest
// (itms-services) only over https with a certificate the device trusts, and from a host the phone
// can reach, so a loopback or plain-http URL works for Android and desktop downloads but not for iOS.

export interface PublicUrlCheck {
  url: string;
  https: boolean;
  /** localhost, 127.0.0.0/8 or ::1: only the server itself can open such links. */
  loopback: boolean;
  /** https on a host other devices can reach; whether its certificate is trusted cannot be seen from here. */
  iosInstallReady: boolean;
}

export function checkPublicUrl(url: string): PublicUrlCheck {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const loopback = host === "localhost" || host.endsWith(".localhost") || /^127(\.\d{1,3}){3}$/.test(host) || host === "::1";
  const https = parsed.protocol === "https:";
  return { url, https, loopback, iosInstallReady: https && !loopback };
}
