/**
 * A small A4 text writer over pdf-lib with an embedded CJK font (Noto Sans SC from the
 * @expo-google-fonts/noto-sans-sc package, subset to the glyphs used), for the case file archive.
 * Lines wrap at any character (Chinese has no spaces); pages are added as text flows.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, rgb, type PDFFont, type PDFPage } from "pdf-lib";

export const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;

let fontBytes: Buffer | undefined;
/** The font file, read once per process (10 MB; only the glyphs used go into each PDF). */
export function cjkFontBytes(): Buffer {
  if (!fontBytes) {
    const require = createRequire(import.meta.url);
    fontBytes = fs.readFileSync(require.resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf"));
  }
  return fontBytes;
}

export async function newCjkDocument(title: string) {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setLanguage("zh-CN");
  doc.setCreator("枫桥 Fengqiao");
  const font = await doc.embedFont(cjkFontBytes(), { subset: true });
  return { doc, font };
}

export class TextWriter {
  page!: PDFPage;
  y = 0;
  readonly width = A4[0] - 2 * MARGIN;

  constructor(
    readonly doc: PDFDocument,
    readonly font: PDFFont,
  ) {}

  newPage() {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
    return this;
  }

  private ensure(h: number) {
    if (!this.page || this.y - h < MARGIN) this.newPage();
  }

  /** Splits a text into lines that fit `width` at `size` (breaking anywhere; keeps explicit line breaks). */
  wrap(text: string, size: number, width = this.width): string[] {
    const out: string[] = [];
    for (const para of text.replace(/\r/g, "").split("\n")) {
      let line = "";
      for (const ch of para) {
        const next = line + ch;
        if (line && this.font.widthOfTextAtSize(next, size) > width) {
          out.push(line);
          line = ch;
        } else line = next;
      }
      out.push(line);
    }
    return out;
  }

  /** Characters the font lacks would print as boxes: replace the few that occur (check boxes …). */
  private clean(text: string) {
    return text.replace(/[☐□]/g, "〇").replace(/[☑■]/g, "●").replace(/\t/g, "  ");
  }

  text(text: string, { size = 11, indent = 0, align = "left", gap = 4 }: { size?: number; indent?: number; align?: "left" | "center" | "right"; gap?: number } = {}) {
    const lineH = size * 1.5;
    for (const line of this.wrap(this.clean(text), size, this.width - indent)) {
      this.ensure(lineH);
      const w = this.font.widthOfTextAtSize(line, size);
      const x = align === "center" ? MARGIN + (this.width - w) / 2 : align === "right" ? MARGIN + this.width - w : MARGIN + indent;
      this.page.drawText(line, { x, y: this.y - size, size, font: this.font, color: rgb(0, 0, 0) });
      this.y -= lineH;
    }
    this.y -= gap;
    return this;
  }

  title(title: string, no?: string | null) {
    this.newPage();
    this.text(title, { size: 18, align: "center", gap: 6 });
    if (no) this.text(no, { size: 11, align: "right", gap: 10 });
    return this;
  }

  /** "label：value" rows, the value indented under its label when it wraps. */
  rows(rows: [string, string | number | null | undefined][]) {
    for (const [label, value] of rows) {
      if (value === null || value === undefined || value === "") continue;
      this.text(`${label}：${value}`, { size: 11, gap: 2 });
    }
    this.y -= 6;
    return this;
  }

  /** Signature lines, e.g. "当事人（签名）：____". */
  signs(labels: string[]) {
    this.y -= 12;
    for (const l of labels) this.text(`${l}＿＿＿＿＿＿＿＿＿＿`, { size: 11, gap: 10 });
    return this;
  }

  seal(unit: string, date?: string | null) {
    this.y -= 16;
    this.text(`${unit}（印章）`, { align: "right", gap: 2 });
    if (date) this.text(date, { align: "right" });
    return this;
  }
}
