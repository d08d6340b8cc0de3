// Every page route with an action, sent a body that is not a form, answers 400 or 415 — never a 500 (issue 10).
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { PASSWORD } from "./helpers";

const ROUTES_DIR = path.resolve("app/routes");

/** The URL of a flat route file (`legal-aid.$id_.edit.tsx` → `/legal-aid/1/edit`), every parameter set to 1. */
function urlOf(file: string) {
  const segments = file
    .replace(/\.tsx?$/, "")
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => (s.startsWith("$") ? "1" : s.replace(/_$/, "")));
  return `/${segments.join("/")}`;
}

const formRoutes = fs
  .readdirSync(ROUTES_DIR)
  .filter((f) => /\.tsx?$/.test(f) && !f.startsWith("api."))
  .filter((f) => /export\s+(async\s+)?(function|const)\s+action\b/.test(fs.readFileSync(path.join(ROUTES_DIR, f), "utf8")))
  .map(urlOf);

const BAD_BODIES: Array<{ name: string; headers: Record<string, string>; body: string | Blob }> = [
  { name: "JSON", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ intent: "save", summary: "x" }) },
  { name: "text/plain", headers: { "Content-Type": "text/plain;charset=UTF-8" }, body: "summary=x" },
  { name: "no Content-Type", headers: {}, body: new Blob(["summary=x"]) },
  { name: "multipart without boundary", headers: { "Content-Type": "multipart/form-data" }, body: "--x\r\n\r\n" },
  {
    name: "malformed multipart",
    headers: { "Content-Type": "multipart/form-data; boundary=----fq" },
    body: '------fq\r\nContent-Disposition: form-data; name="summary"\r\n\r\nx\r\n--broken',
  },
];

test("every form route answers a body that is not a form with 400 or 415", async ({ baseURL }) => {
  test.setTimeout(120_000);
  expect(formRoutes.length).toBeGreaterThan(15);
  expect(formRoutes).toContain("/consultations/new");
  const login = await fetch(`${baseURL}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username: "admin", password: PASSWORD }),
  });
  expect(login.status).toBe(302);
  const cookie = login.headers.get("set-cookie")!.split(";")[0];
  const failures: string[] = [];
  for (const route of formRoutes) {
    for (const bad of BAD_BODIES) {
      const res = await fetch(`${baseURL}${route}`, { method: "POST", redirect: "manual", headers: { ...bad.headers, Cookie: cookie }, body: bad.body });
      const text = await res.text();
      if (res.status !== 400 && res.status !== 415) failures.push(`${route} ${bad.name}: ${res.status}`);
      else expect(text).toMatch(/表单/);
    }
  }
  expect(failures).toEqual([]);
  // a real form still goes through
  const ok = await fetch(`${baseURL}/set-locale`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams({ locale: "zh", redirectTo: "/" }),
  });
  expect(ok.status).toBe(302);
});
