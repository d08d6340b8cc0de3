/**
 * What an uploaded file is, decided from its content (magic bytes, via the `file-type` library), never from its
 * name; only the kinds a case file holds are allowed. Images also get their pixel size from their header.
 */
import { fileTypeFromBuffer } from "file-type";

export type Sniffed = { ok: true; mime: string; ext: string; image: boolean } | { ok: false; error: string };

const ALLOWED: Record<string, { mime: string; ext: string; image?: true }> = {
  pdf: { mime: "application/pdf", ext: "pdf" },
  jpg: { mime: "image/jpeg", ext: "jpg", image: true },
  png: { mime: "image/png", ext: "png", image: true },
  docx: { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ext: "docx" },
  xlsx: { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ext: "xlsx" },
};
const LEGACY_OFFICE: Record<string, { mime: string; ext: string }> = {
  doc: { mime: "application/msword", ext: "doc" },
  xls: { mime: "application/vnd.ms-excel", ext: "xls" },
};

/** The type of `bytes`, if it is one a case file may hold. */
export async function sniffDocumentType(bytes: Uint8Array, fileName = ""): Promise<Sniffed> {
  if (bytes.length === 0) return { ok: false, error: "err.doc.empty" };
  let found: { ext: string; mime: string } | undefined;
  try {
    found = await fileTypeFromBuffer(bytes);
  } catch {
    // a truncated container (a cut-off zip …) is not a document we can keep
    found = undefined;
  }
  if (!found) return { ok: false, error: "err.doc.type" };
  const allowed = ALLOWED[found.ext];
  if (allowed) return { ok: true, mime: allowed.mime, ext: allowed.ext, image: !!allowed.image };
  if (found.ext === "cfb") {
    // an OLE compound file: Word 97–2003 or Excel 97–2003; the container is the same, the name tells which
    const nameExt = fileName.toLowerCase().match(/\.(doc|xls)$/)?.[1] ?? "doc";
    return { ok: true, ...LEGACY_OFFICE[nameExt], image: false };
  }
  return { ok: false, error: "err.doc.type" };
}

/** Width and height from a PNG's IHDR or a JPEG's SOF marker; null when the header is unreadable. */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47 && b.toString("latin1", 12, 16) === "IHDR")
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1];
      if (marker === 0xff) {
        i++;
        continue;
      }
      const len = b.readUInt16BE(i + 2);
      // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC)
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
        return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
      i += 2 + len;
    }
  }
  return null;
}
