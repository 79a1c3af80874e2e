import { describe, expect, it } from "vitest";
import {
  addOutcome,
  emptyOutcome,
  finishOutcome,
  MAX_LISTED_REJECTIONS,
  type Rejection,
} from "./outcome";

const rejections = (from: number, count: number): Rejection[] =>
  Array.from({ length: count }, (_, i) => ({
    line: from + i,
    code: "malformed_line",
    detail: "The line is not JSON.",
  }));

describe("feed outcomes", () => {
  it("sums the counts of every batch", () => {
    const total = emptyOutcome();
    addOutcome(total, { accepted: 3, duplicates: 1, replaced: 0, rejected: rejections(5, 2) });
    addOutcome(total, { accepted: 4, duplicates: 0, replaced: 2, rejected: [] });
    expect(finishOutcome(total)).toEqual({
      accepted: 7,
      duplicates: 1,
      replaced: 2,
      rejected: rejections(5, 2),
      rejectedCount: 2,
    });
  });

  it("keeps the lowest-numbered rejections when batches finish out of order", () => {
    const total = emptyOutcome();
    addOutcome(total, {
      accepted: 0,
      duplicates: 0,
      replaced: 0,
      rejected: rejections(5001, 2500),
    });
    addOutcome(total, {
      accepted: 0,
      duplicates: 0,
      replaced: 0,
      rejected: rejections(2501, 2500),
    });
    addOutcome(total, { accepted: 0, duplicates: 0, replaced: 0, rejected: rejections(1, 2500) });
    const answer = finishOutcome(total);
    expect(answer.rejectedCount).toBe(7500);
    expect(answer.rejected).toEqual(rejections(1, MAX_LISTED_REJECTIONS));
  });
});
