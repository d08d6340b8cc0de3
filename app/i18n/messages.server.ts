/** Both languages of every message (server side; the browser gets one language from the root loader). */
import { common } from "./common";
import { consultation } from "./consultation";
import { admin } from "./admin";
import { mediation } from "./mediation";
import { legalAid } from "./legal-aid";
import { report } from "./report";
import { targets } from "./targets";
import { registries } from "./registries";
import { edition } from "./edition";
import { security } from "./security";
import { unitsSetup } from "./units-setup";
import { lifecycle } from "./lifecycle";
import { document } from "./document";
import { unitPicker } from "./unit-picker";
import { monthlyReports } from "./monthly-reports";

export const messages = { ...common, ...consultation, ...admin, ...mediation, ...legalAid, ...report, ...edition, ...targets, ...registries, ...security, ...unitsSetup, ...lifecycle, ...document, ...unitPicker, ...monthlyReports } as const;
