import type { Browser, BrowserContext } from "playwright-core";

// Device profiles for install-page tests: real user agents, viewport and touch. Chromium drops
// its own client hints when the user agent is overridden, as a real iPhone would never send them.

export interface DeviceProfile {
  name: string;
  userAgent: string;
  viewport: { width: number; height: number };
  isMobile: boolean;
  hasTouch: boolean;
  /** iPadOS Safari reports as a Mac; only its touch points tell it apart. */
  touchPoints?: number;
}

export const DEVICES = {
  iphone: {
    name: "iphone",
    userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  },
  ipad: {
    name: "ipad",
    userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    viewport: { width: 820, height: 1180 },
    isMobile: false,
    hasTouch: true,
    touchPoints: 5,
  },
  android: {
    name: "android",
    userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
    viewport: { width: 412, height: 915 },
    isMobile: true,
    hasTouch: true,
  },
  desktop: {
    name: "desktop",
    userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    viewport: { width: 1280, height: 900 },
    isMobile: false,
    hasTouch: false,
  },
  instagram: {
    name: "instagram",
    userAgent:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 326.0.3.30.91 (iPhone15,2; iOS 17_4; en_US; en; scale=3.00; 1179x2556; 590385440)",
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  },
  narrow: {
    name: "narrow",
    userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
    viewport: { width: 320, height: 640 },
    isMobile: true,
    hasTouch: true,
  },
} satisfies Record<string, DeviceProfile>;

export async function deviceContext(browser: Browser, device: DeviceProfile, options: { colorScheme?: "light" | "dark" } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    userAgent: device.userAgent,
    viewport: device.viewport,
    isMobile: device.isMobile,
    hasTouch: device.hasTouch,
    colorScheme: options.colorScheme ?? "light",
  });
  if (device.touchPoints) {
    await context.addInitScript(`Object.defineProperty(Navigator.prototype, "maxTouchPoints", { get: () => ${device.touchPoints} });`);
  }
  return context;
}
