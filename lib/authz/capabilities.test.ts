import { describe, expect, it } from "vitest";
import { capabilitiesOf, rolesWith } from "./capabilities";

describe("the capability table", () => {
  it("matches the architecture's table row by row", () => {
    expect(capabilitiesOf("occupier")).toEqual(["view", "billing", "usage", "manage"]);
    expect(capabilitiesOf("agent")).toEqual(["view", "billing", "usage", "manage"]);
    expect(capabilitiesOf("billing")).toEqual(["view", "billing"]);
    expect(capabilitiesOf("landlord")).toEqual(["view"]);
  });

  it("answers which roles grant a capability", () => {
    expect(rolesWith("usage")).toEqual(["occupier", "agent"]);
    expect(rolesWith("view")).toContain("landlord");
    expect(rolesWith("billing")).not.toContain("landlord");
  });
});
