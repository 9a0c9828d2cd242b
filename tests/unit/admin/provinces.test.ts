import { describe, expect, it } from "vitest";
import { PROVINCES_2025 } from "~/admin/provinces";

/** The 34 provinces and their codes as QĐ 19/2025/QĐ-TTg lists them. */
const BRIEF =
  "01 Hà Nội, 04 Cao Bằng, 08 Tuyên Quang, 11 Điện Biên, 12 Lai Châu, 14 Sơn La, 15 Lào Cai, 19 Thái Nguyên, " +
  "20 Lạng Sơn, 22 Quảng Ninh, 24 Bắc Ninh, 25 Phú Thọ, 31 Hải Phòng, 33 Hưng Yên, 37 Ninh Bình, 38 Thanh Hóa, " +
  "40 Nghệ An, 42 Hà Tĩnh, 44 Quảng Trị, 46 Huế, 48 Đà Nẵng, 51 Quảng Ngãi, 52 Gia Lai, 56 Khánh Hòa, 66 Đắk Lắk, " +
  "68 Lâm Đồng, 75 Đồng Nai, 79 Hồ Chí Minh, 80 Tây Ninh, 82 Đồng Tháp, 86 Vĩnh Long, 91 An Giang, 92 Cần Thơ, 96 Cà Mau";

describe("the 34 provinces of QĐ 19/2025", () => {
  it("has each once, with its code and name as the domain brief lists them", () => {
    const expected = BRIEF.split(", ").map((entry) => ({ code: entry.slice(0, 2), name: entry.slice(3) }));
    expect(expected).toHaveLength(34);
    expect(PROVINCES_2025.map((p) => ({ code: p.code, name: p.name.replace(/^(Tỉnh|Thành phố) /, "") }))).toEqual(
      expected
    );
  });

  it("names the six centrally-run cities as cities and the others as provinces", () => {
    const cities = PROVINCES_2025.filter((p) => p.name.startsWith("Thành phố ")).map((p) => p.code);
    expect(cities).toEqual(["01", "31", "46", "48", "79", "92"]);
    expect(PROVINCES_2025.filter((p) => p.name.startsWith("Tỉnh "))).toHaveLength(28);
  });
});
