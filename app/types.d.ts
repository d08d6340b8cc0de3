import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Per-request nonce for the Content-Security-Policy (app/serve.js). */
    cspNonce?: string;
    clientIp?: string | null;
  }
}
export {};
