import { describe, expect, it } from "vitest";
import { checkRequestOrigin, isUnsafeMethod, requestOrigins, type OriginCheckInput } from "./origin-check";

const base: OriginCheckInput = {
  method: "POST",
  origin: null,
  secFetchSite: null,
  allowedOrigins: ["https://trellis.example.com"],
  allowHeaderless: false,
};

describe("checkRequestOrigin", () => {
  it("lets reads through whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS", "get"]) {
      expect(checkRequestOrigin({ ...base, method, origin: "https://evil.example" }).ok).toBe(true);
    }
    expect(isUnsafeMethod("DELETE")).toBe(true);
  });

  it("accepts a write from the console's own origin, however the Origin header spells it", () => {
    expect(checkRequestOrigin({ ...base, origin: "https://trellis.example.com" }).ok).toBe(true);
    expect(checkRequestOrigin({ ...base, origin: "https://TRELLIS.example.com:443" }).ok).toBe(true);
    expect(checkRequestOrigin({ ...base, method: "DELETE", origin: "https://trellis.example.com" }).ok).toBe(
      true,
    );
  });

  it("refuses a write from any other origin, scheme or port, and from an opaque origin", () => {
    for (const origin of [
      "https://evil.example",
      "http://trellis.example.com",
      "https://trellis.example.com:8443",
      "https://trellis.example.com.evil.example",
      "null",
      "not a url",
    ]) {
      expect(checkRequestOrigin({ ...base, origin }).ok, origin).toBe(false);
    }
  });

  it("without Origin, goes by Sec-Fetch-Site: same-origin only", () => {
    expect(checkRequestOrigin({ ...base, secFetchSite: "same-origin" }).ok).toBe(true);
    for (const site of ["cross-site", "same-site", "none"]) {
      expect(checkRequestOrigin({ ...base, secFetchSite: site }).ok, site).toBe(false);
    }
  });

  it("refuses a write with neither header unless the mode allows non-browser callers", () => {
    const refused = checkRequestOrigin(base);
    expect(refused).toEqual({ ok: false, reason: expect.stringContaining("Origin") });
    expect(checkRequestOrigin({ ...base, allowHeaderless: true }).ok).toBe(true);
    // A browser always says where it comes from, and that is checked even where headerless calls are allowed.
    expect(checkRequestOrigin({ ...base, allowHeaderless: true, origin: "http://evil.example" }).ok).toBe(
      false,
    );
    expect(checkRequestOrigin({ ...base, allowHeaderless: true, secFetchSite: "cross-site" }).ok).toBe(false);
  });
});

describe("requestOrigins", () => {
  it("builds the origin from Host, or the first of a proxy's forwarded host and protocol", () => {
    expect(
      requestOrigins({ host: "127.0.0.1:3000", forwardedHost: null, forwardedProto: null, protocol: "http" }),
    ).toEqual(["http://127.0.0.1:3000"]);
    expect(
      requestOrigins({
        host: "10.0.0.5:3000",
        forwardedHost: "trellis.example.com, proxy.internal",
        forwardedProto: "https, http",
        protocol: "http",
      }),
    ).toEqual(["https://trellis.example.com", "https://10.0.0.5:3000"]);
  });
});
