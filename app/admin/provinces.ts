/**
 * Reference data: the 34 provincial-level units in force from 1 July 2025,
 * with their codes under QĐ 19/2025/QĐ-TTg (each keeps the two-digit number
 * it had under QĐ 124/2004). Six are centrally-run cities ("Thành phố"), the
 * others provinces ("Tỉnh"). A new installation starts by picking its own;
 * it is created without a start date, so the districts and communes of the
 * three-level years can sit under it as well as the communes of the two tiers.
 */
export interface ReferenceProvince {
  code: string;
  name: string;
}

export const PROVINCES_2025: readonly ReferenceProvince[] = [
  { code: "01", name: "Thành phố Hà Nội" },
  { code: "04", name: "Tỉnh Cao Bằng" },
  { code: "08", name: "Tỉnh Tuyên Quang" },
  { code: "11", name: "Tỉnh Điện Biên" },
  { code: "12", name: "Tỉnh Lai Châu" },
  { code: "14", name: "Tỉnh Sơn La" },
  { code: "15", name: "Tỉnh Lào Cai" },
  { code: "19", name: "Tỉnh Thái Nguyên" },
  { code: "20", name: "Tỉnh Lạng Sơn" },
  { code: "22", name: "Tỉnh Quảng Ninh" },
  { code: "24", name: "Tỉnh Bắc Ninh" },
  { code: "25", name: "Tỉnh Phú Thọ" },
  { code: "31", name: "Thành phố Hải Phòng" },
  { code: "33", name: "Tỉnh Hưng Yên" },
  { code: "37", name: "Tỉnh Ninh Bình" },
  { code: "38", name: "Tỉnh Thanh Hóa" },
  { code: "40", name: "Tỉnh Nghệ An" },
  { code: "42", name: "Tỉnh Hà Tĩnh" },
  { code: "44", name: "Tỉnh Quảng Trị" },
  { code: "46", name: "Thành phố Huế" },
  { code: "48", name: "Thành phố Đà Nẵng" },
  { code: "51", name: "Tỉnh Quảng Ngãi" },
  { code: "52", name: "Tỉnh Gia Lai" },
  { code: "56", name: "Tỉnh Khánh Hòa" },
  { code: "66", name: "Tỉnh Đắk Lắk" },
  { code: "68", name: "Tỉnh Lâm Đồng" },
  { code: "75", name: "Tỉnh Đồng Nai" },
  { code: "79", name: "Thành phố Hồ Chí Minh" },
  { code: "80", name: "Tỉnh Tây Ninh" },
  { code: "82", name: "Tỉnh Đồng Tháp" },
  { code: "86", name: "Tỉnh Vĩnh Long" },
  { code: "91", name: "Tỉnh An Giang" },
  { code: "92", name: "Thành phố Cần Thơ" },
  { code: "96", name: "Tỉnh Cà Mau" },
];

export function referenceProvince(code: string): ReferenceProvince | undefined {
  return PROVINCES_2025.find((p) => p.code === code);
}
