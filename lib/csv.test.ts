import { describe, expect, it } from "vitest";
import { attachment, csvField, csvHeader, csvRecords, csvRow } from "./csv";

describe("CSV fields", () => {
  it("leave plain values as they are and write numbers unformatted", () => {
    expect(csvField("2026-03-08T06:00:00Z")).toBe("2026-03-08T06:00:00Z");
    expect(csvField(12345.678)).toBe("12345.678");
    expect(csvField(0.4)).toBe("0.4");
    expect(csvField(false)).toBe("false");
  });

  it("write null as an empty field", () => {
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
  });

  it("quote commas, quotes and line breaks, doubling quotes", () => {
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
  });

  it("end each record with CRLF", () => {
    expect(csvRow(["a", 1, null, "b,c"])).toBe('a,1,,"b,c"\r\n');
  });

  it("build a header and one record per item from column definitions", () => {
    const columns = [
      { header: "label", value: (x: { label: string; n: number }) => x.label },
      { header: "n", value: (x: { label: string; n: number }) => x.n },
    ];
    expect(csvHeader(columns)).toBe("label,n\r\n");
    expect(
      csvRecords(columns, [
        { label: "2026-W10", n: 2 },
        { label: "x,y", n: 3 },
      ]),
    ).toBe('2026-W10,2\r\n"x,y",3\r\n');
  });
});

describe("download file names", () => {
  it("keep meter numbers and dates", () => {
    expect(attachment("E-12345678_2026-03-01_2026-04-01.csv")).toBe(
      'attachment; filename="E-12345678_2026-03-01_2026-04-01.csv"',
    );
  });

  it("replace anything that could break the header or a path", () => {
    expect(attachment('a"b/c\\d\r\n;e.csv')).toBe('attachment; filename="a_b_c_d___e.csv"');
  });
});
