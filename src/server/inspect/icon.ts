import { convertCgbiToPng, isCgbiPng } from "./cgbi";
import { errorMessage } from "./errors";
import { hasPngSignature, verifyPng } from "./png";
import type { InspectedIcon } from "./types";

/**
 * Turns candidate icon bytes into a browser-safe PNG, converting Xcode CgBI first. Returns the
 * reason instead of throwing: a bad icon is a warning, never a reason to reject the artifact.
 */
export function toIcon(bytes: Buffer, maxPixels: number): InspectedIcon | string {
  try {
    if (!hasPngSignature(bytes)) return "not a PNG";
    const png = isCgbiPng(bytes) ? convertCgbiToPng(bytes, maxPixels) : bytes;
    const info = verifyPng(png, maxPixels);
    return { png: Buffer.from(png), width: info.width, height: info.height };
  } catch (error) {
    return errorMessage(error);
  }
}
