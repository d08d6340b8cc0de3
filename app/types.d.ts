import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Per-request nonce for the Content-Security-Policy (app/serve.js). */
    cspNonce?: string;
    clientIp?: string | null;
    /**
     * A multipart form as app/serve.js read and checked it: a route may take it instead of parsing the body again
     * (an import upload: 20 MB parsed once on the server's thread, not twice).
     */
    form?: FormData;
  }
}
export {};
