/** Masking of personal data for lists and for readers who have not asked (and may not ask) to see it. */

/** 142730199001011234 → 142730********1234 */
export function maskIdNumber(id: string | null | undefined): string {
  if (!id) return "";
  return id.length <= 10 ? "*".repeat(id.length) : `${id.slice(0, 6)}${"*".repeat(id.length - 10)}${id.slice(-4)}`;
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return "";
  const digits = phone.replace(/\s/g, "");
  return digits.length <= 7 ? `${digits.slice(0, 2)}****` : `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** 山西省临猗县猗氏镇城东村3组15号 → 山西省临猗县… */
export function maskAddress(address: string | null | undefined): string {
  if (!address) return "";
  return address.length <= 6 ? "***" : `${address.slice(0, 6)}***`;
}

/** For de-identified lists: 张三丰 → 张** ; organisations keep their name. */
export function maskName(name: string, kind: string = "person"): string {
  if (kind !== "person" || !name) return name;
  return `${name.slice(0, 1)}${"*".repeat(Math.max(1, name.length - 1))}`;
}

/** A person a record knows: a party, a beneficiary, an applicant. */
export type KnownPerson = { name?: string | null; kind?: string | null; idNumber?: string | null; phone?: string | null };

const ANY_ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const ANY_MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

/**
 * Free text as a reader who does not see personal data may read it: the ID numbers and phones of the record's
 * people are replaced by their masks (as are any other 18-digit ID number and mobile number in the text), and with
 * `names` also the names of its persons (organisations keep theirs), as every list and field shows them.
 */
export function maskPeopleInText(text: string, people: KnownPerson[], { names }: { names: boolean }): string {
  if (!text) return text;
  const pairs: Array<[string, string]> = [];
  for (const p of people) {
    const id = p.idNumber?.trim();
    if (id) pairs.push([id, maskIdNumber(id)], [id.toLowerCase(), maskIdNumber(id)]);
    const phone = p.phone?.trim();
    if (phone && phone.replace(/\D/g, "").length >= 5) {
      pairs.push([phone, maskPhone(phone)]);
      const digits = phone.replace(/\D/g, "");
      if (digits !== phone) pairs.push([digits, maskPhone(digits)]);
    }
    const name = p.name?.trim();
    if (names && name && name.length >= 2 && (p.kind ?? "person") === "person") pairs.push([name, maskName(name)]);
  }
  // longer first: a full name before a shorter name inside it, a number before its digits
  pairs.sort((a, b) => b[0].length - a[0].length);
  let out = text;
  for (const [raw, masked] of pairs) if (raw !== masked) out = out.split(raw).join(masked);
  return out.replace(ANY_ID_NUMBER, (m) => maskIdNumber(m)).replace(ANY_MOBILE, (m) => maskPhone(m));
}

/**
 * The read path's last step for a record shown without its full personal data: every string in `view` (free text
 * such as a summary, agreement terms, reasons, notes, at any depth) goes through maskPeopleInText. Structured
 * fields are masked by the caller; this catches the same people inside the text. Keys in `keep` are left as they
 * are (e.g. the assigned lawyer, whose office phone is not a party's).
 */
export function maskPeopleInView<T>(view: T, people: KnownPerson[], opts: { names: boolean; keep?: readonly string[] }): T {
  const keep = new Set(opts.keep ?? []);
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return maskPeopleInText(v, people, opts);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype)
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, keep.has(k) ? x : walk(x)]));
    return v;
  };
  return walk(view) as T;
}
