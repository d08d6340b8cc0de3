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
