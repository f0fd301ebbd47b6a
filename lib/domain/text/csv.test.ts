import { describe, expect, it } from "vitest";
import { csvCell, csvRecord } from "./csv";
import { parseCsv } from "./csv-testing";

describe("csvCell", () => {
  it("leaves plain text, numbers and booleans as they are and writes nothing for null", () => {
    expect(csvCell("StartCrawl")).toBe("StartCrawl");
    expect(csvCell("arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-1")).toBe(
      "arn:aws:vpc-lattice:us-east-1:222233334444:service/svc-1",
    );
    expect(csvCell(42)).toBe("42");
    expect(csvCell(-1.5)).toBe("-1.5");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
  });

  it("quotes fields holding commas, quotes, CR or LF and doubles the quotes", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
    expect(csvCell('{"x":1,"y":2}')).toBe('"{""x"":1,""y"":2}"');
  });

  it("neutralises text a spreadsheet would run as a formula", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1:A2)")).toBe("'@SUM(A1:A2)");
    expect(csvCell("\t=1+1")).toBe("'\t=1+1");
    expect(csvCell("\r=1+1")).toBe('"\'\r=1+1"');
    expect(csvCell("a=1")).toBe("a=1");
    expect(csvCell("")).toBe("");
  });
});

describe("csvRecord", () => {
  it("joins fields with commas and ends with CRLF, reading back to the same values", () => {
    const values = ["Local user", 'He said "no", twice', "line\nbreak", "=cmd|' /C calc'!A0", null, 7];
    const line = csvRecord(values);
    expect(line.endsWith("\r\n")).toBe(true);
    expect(parseCsv(line)).toEqual([
      ["Local user", 'He said "no", twice', "line\nbreak", "'=cmd|' /C calc'!A0", "", "7"],
    ]);
  });
});
