/**
 * Smaller copies of an uploaded photo or scan for viewing (the original is always kept): a view copy at most
 * 1600 px and a thumbnail at most 240 px, JPEG. Jimp is pure JavaScript (no native binaries to download); it
 * decodes on the main thread, so images above MAX_PREVIEW_PIXELS are kept without copies rather than stall the
 * server (they are shown as the original).
 */
import { Jimp } from "jimp";
import { imageSize } from "./file-sniff.server";

export const VIEW_MAX_PX = 1600;
export const THUMB_MAX_PX = 240;
export const MAX_PREVIEW_PIXELS = 40_000_000;

export type ImageVariants =
  | { ok: true; width: number; height: number; view: Buffer | null; thumb: Buffer | null }
  | { ok: false; error: string };

export async function imageVariants(bytes: Uint8Array): Promise<ImageVariants> {
  const size = imageSize(bytes);
  if (!size || size.width === 0 || size.height === 0) return { ok: false, error: "err.doc.corruptImage" };
  if (size.width * size.height > MAX_PREVIEW_PIXELS) return { ok: true, ...size, view: null, thumb: null };
  try {
    const img = await Jimp.read(Buffer.from(bytes));
    const width = img.bitmap.width;
    const height = img.bitmap.height;
    const view =
      Math.max(width, height) > VIEW_MAX_PX
        ? await img.clone().scaleToFit({ w: VIEW_MAX_PX, h: VIEW_MAX_PX }).getBuffer("image/jpeg", { quality: 80 })
        : null;
    const thumb =
      Math.max(width, height) <= THUMB_MAX_PX
        ? null
        : await img.clone().scaleToFit({ w: THUMB_MAX_PX, h: THUMB_MAX_PX }).getBuffer("image/jpeg", { quality: 75 });
    return { ok: true, width, height, view, thumb };
  } catch {
    return { ok: false, error: "err.doc.corruptImage" };
  }
}
