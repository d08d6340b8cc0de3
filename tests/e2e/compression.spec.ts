import http from "node:http";
import zlib from "node:zlib";
import { expect, test } from "@playwright/test";

/**
 * What a phone downloads: the build's scripts come as the Brotli or gzip copy made at build time (app/precompress.mjs),
 * whichever the browser accepts, cached for good; a page comes compressed on the fly. Each decodes to the same bytes.
 */

const BASE = `http://localhost:${Number(process.env.E2E_PORT ?? 3100)}`;

function get(pathname: string, encoding: string): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(pathname, BASE), { headers: { "Accept-Encoding": encoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

test("build scripts arrive precompressed in the format the browser takes, pages compressed, all decoding alike", async () => {
  const login = await get("/login", "br, gzip");
  expect(login.headers["content-encoding"]).toBe("br");
  const html = zlib.brotliDecompressSync(login.body).toString("utf8");
  expect(html).toContain("登录");
  const script = html.match(/\/build\/_shared\/chunk-[A-Z0-9]+\.js/)?.[0];
  expect(script, "the login page names a shared chunk").toBeTruthy();

  const plain = await get(script!, "identity");
  expect(plain.headers["content-encoding"]).toBeUndefined();
  const br = await get(script!, "gzip, deflate, br, zstd");
  expect(br.headers["content-encoding"]).toBe("br");
  expect(br.headers["cache-control"]).toContain("immutable");
  expect(br.headers["content-type"]).toMatch(/javascript/);
  const gz = await get(script!, "gzip, deflate");
  expect(gz.headers["content-encoding"]).toBe("gzip");
  expect(zlib.brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
  expect(zlib.gunzipSync(gz.body).equals(plain.body)).toBe(true);
  // quality 11 at build time: smaller than the gzip copy
  expect(br.body.length).toBeLessThan(gz.body.length);
});
