import { useEffect, useState } from "react";

let hydrated = false;
/** False during the server render and the first client render; true once JavaScript runs. */
export function useHydrated() {
  const [h, setH] = useState(hydrated);
  useEffect(() => {
    hydrated = true;
    setH(true);
  }, []);
  return h;
}
