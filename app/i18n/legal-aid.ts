/** Messages of the legal aid pages (法律援助). */
export const legalAid = {
  "nav.legalAid": { zh: "法律援助", en: "Legal aid" },
} as const;
