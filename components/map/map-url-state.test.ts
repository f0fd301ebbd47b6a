import { describe, expect, it } from "vitest";
import { parseMapUrl, writeMapUrl } from "./map-url-state";

const SVC = "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-0order00000000001";

describe("map URL state", () => {
  it("reads selection, run, expanded set and filters, ignoring malformed values", () => {
    const state = parseMapUrl(
      new URLSearchParams(
        `selected=${encodeURIComponent(SVC)}&run=12&expand=account%3A222233334444&expand=${encodeURIComponent(SVC)}` +
          "&account=222233334444&account=nope&kind=service&kind=bogus&health=issues&tag=Team%3Dordering&region=us-east-1",
      ),
    );
    expect(state).toEqual({
      selected: SVC,
      run: 12,
      expanded: new Set(["account:222233334444", SVC]),
      filters: {
        accounts: ["222233334444"],
        regions: ["us-east-1"],
        networks: [],
        kinds: ["service"],
        health: "issues",
        tags: ["Team=ordering"],
      },
    });
    expect(parseMapUrl(new URLSearchParams("run=0&health=weird"))).toMatchObject({
      run: undefined,
      filters: { health: "all" },
    });
  });

  it("writes a state back so that reading it gives the same state, keeping parameters it does not own", () => {
    const state = parseMapUrl(
      new URLSearchParams(`selected=${encodeURIComponent(SVC)}&expand=b&expand=a&tag=k`),
    );
    const written = writeMapUrl(new URLSearchParams("tab=routing&expand=stale"), state);
    expect(written.get("tab")).toBe("routing");
    expect(written.getAll("expand")).toEqual(["a", "b"]);
    expect(parseMapUrl(written)).toEqual(state);
    expect(writeMapUrl(new URLSearchParams(), parseMapUrl(new URLSearchParams())).toString()).toBe("");
  });
});
