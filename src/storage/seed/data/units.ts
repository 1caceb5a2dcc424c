/**
 * Built-in administrative units (data, not logic). Loaded once by seedUnits(); from then on the
 * database is the source of truth and an administrator corrects it through the API or by importing
 * the statistics office's list (`units import`).
 *
 * Codes: the statistics office (GSO) 2-digit province codes of the list in force until 30/06/2025
 * and of the 34 provinces from 1 July 2025 (checked against the office's list of 01/07/2025,
 * ../shared/domain/units; test/foundation/builtin-units.test.ts).
 *
 * Modelling choices (docs/foundation.md):
 *  - the 11 provinces the 2025 reform left unchanged keep ONE continuous row (valid_to null);
 *  - each of the 23 merged provinces gets a new row from 2025-07-01, with a 'merge' succession link
 *    from every predecessor (including the one whose name it took), whose rows end on 2025-07-01;
 *  - Thừa Thiên Huế became the centrally-run city of Huế on 2025-01-01: a new row, a 'rename' link;
 *  - districts end on 2025-07-01 (the level was abolished).
 */

export const REFORM_DATE = '2025-07-01';
export const HUE_CITY_DATE = '2025-01-01';

export interface ProvinceSeed {
  code: string;
  name: string;
  /** 'tỉnh' or 'thành phố' (centrally-run city) */
  kind: 'tỉnh' | 'thành phố';
  nameEn: string;
}

/** The 63 provinces before 1 July 2025 (GSO codes). */
export const PROVINCES_BEFORE_2025: ProvinceSeed[] = [
  { code: '01', name: 'Hà Nội', kind: 'thành phố', nameEn: 'Ha Noi' },
  { code: '02', name: 'Hà Giang', kind: 'tỉnh', nameEn: 'Ha Giang' },
  { code: '04', name: 'Cao Bằng', kind: 'tỉnh', nameEn: 'Cao Bang' },
  { code: '06', name: 'Bắc Kạn', kind: 'tỉnh', nameEn: 'Bac Kan' },
  { code: '08', name: 'Tuyên Quang', kind: 'tỉnh', nameEn: 'Tuyen Quang' },
  { code: '10', name: 'Lào Cai', kind: 'tỉnh', nameEn: 'Lao Cai' },
  { code: '11', name: 'Điện Biên', kind: 'tỉnh', nameEn: 'Dien Bien' },
  { code: '12', name: 'Lai Châu', kind: 'tỉnh', nameEn: 'Lai Chau' },
  { code: '14', name: 'Sơn La', kind: 'tỉnh', nameEn: 'Son La' },
  { code: '15', name: 'Yên Bái', kind: 'tỉnh', nameEn: 'Yen Bai' },
  { code: '17', name: 'Hòa Bình', kind: 'tỉnh', nameEn: 'Hoa Binh' },
  { code: '19', name: 'Thái Nguyên', kind: 'tỉnh', nameEn: 'Thai Nguyen' },
  { code: '20', name: 'Lạng Sơn', kind: 'tỉnh', nameEn: 'Lang Son' },
  { code: '22', name: 'Quảng Ninh', kind: 'tỉnh', nameEn: 'Quang Ninh' },
  { code: '24', name: 'Bắc Giang', kind: 'tỉnh', nameEn: 'Bac Giang' },
  { code: '25', name: 'Phú Thọ', kind: 'tỉnh', nameEn: 'Phu Tho' },
  { code: '26', name: 'Vĩnh Phúc', kind: 'tỉnh', nameEn: 'Vinh Phuc' },
  { code: '27', name: 'Bắc Ninh', kind: 'tỉnh', nameEn: 'Bac Ninh' },
  { code: '30', name: 'Hải Dương', kind: 'tỉnh', nameEn: 'Hai Duong' },
  { code: '31', name: 'Hải Phòng', kind: 'thành phố', nameEn: 'Hai Phong' },
  { code: '33', name: 'Hưng Yên', kind: 'tỉnh', nameEn: 'Hung Yen' },
  { code: '34', name: 'Thái Bình', kind: 'tỉnh', nameEn: 'Thai Binh' },
  { code: '35', name: 'Hà Nam', kind: 'tỉnh', nameEn: 'Ha Nam' },
  { code: '36', name: 'Nam Định', kind: 'tỉnh', nameEn: 'Nam Dinh' },
  { code: '37', name: 'Ninh Bình', kind: 'tỉnh', nameEn: 'Ninh Binh' },
  { code: '38', name: 'Thanh Hóa', kind: 'tỉnh', nameEn: 'Thanh Hoa' },
  { code: '40', name: 'Nghệ An', kind: 'tỉnh', nameEn: 'Nghe An' },
  { code: '42', name: 'Hà Tĩnh', kind: 'tỉnh', nameEn: 'Ha Tinh' },
  { code: '44', name: 'Quảng Bình', kind: 'tỉnh', nameEn: 'Quang Binh' },
  { code: '45', name: 'Quảng Trị', kind: 'tỉnh', nameEn: 'Quang Tri' },
  { code: '46', name: 'Thừa Thiên Huế', kind: 'tỉnh', nameEn: 'Thua Thien Hue' },
  { code: '48', name: 'Đà Nẵng', kind: 'thành phố', nameEn: 'Da Nang' },
  { code: '49', name: 'Quảng Nam', kind: 'tỉnh', nameEn: 'Quang Nam' },
  { code: '51', name: 'Quảng Ngãi', kind: 'tỉnh', nameEn: 'Quang Ngai' },
  { code: '52', name: 'Bình Định', kind: 'tỉnh', nameEn: 'Binh Dinh' },
  { code: '54', name: 'Phú Yên', kind: 'tỉnh', nameEn: 'Phu Yen' },
  { code: '56', name: 'Khánh Hòa', kind: 'tỉnh', nameEn: 'Khanh Hoa' },
  { code: '58', name: 'Ninh Thuận', kind: 'tỉnh', nameEn: 'Ninh Thuan' },
  { code: '60', name: 'Bình Thuận', kind: 'tỉnh', nameEn: 'Binh Thuan' },
  { code: '62', name: 'Kon Tum', kind: 'tỉnh', nameEn: 'Kon Tum' },
  { code: '64', name: 'Gia Lai', kind: 'tỉnh', nameEn: 'Gia Lai' },
  { code: '66', name: 'Đắk Lắk', kind: 'tỉnh', nameEn: 'Dak Lak' },
  { code: '67', name: 'Đắk Nông', kind: 'tỉnh', nameEn: 'Dak Nong' },
  { code: '68', name: 'Lâm Đồng', kind: 'tỉnh', nameEn: 'Lam Dong' },
  { code: '70', name: 'Bình Phước', kind: 'tỉnh', nameEn: 'Binh Phuoc' },
  { code: '72', name: 'Tây Ninh', kind: 'tỉnh', nameEn: 'Tay Ninh' },
  { code: '74', name: 'Bình Dương', kind: 'tỉnh', nameEn: 'Binh Duong' },
  { code: '75', name: 'Đồng Nai', kind: 'tỉnh', nameEn: 'Dong Nai' },
  { code: '77', name: 'Bà Rịa - Vũng Tàu', kind: 'tỉnh', nameEn: 'Ba Ria - Vung Tau' },
  { code: '79', name: 'Hồ Chí Minh', kind: 'thành phố', nameEn: 'Ho Chi Minh City' },
  { code: '80', name: 'Long An', kind: 'tỉnh', nameEn: 'Long An' },
  { code: '82', name: 'Tiền Giang', kind: 'tỉnh', nameEn: 'Tien Giang' },
  { code: '83', name: 'Bến Tre', kind: 'tỉnh', nameEn: 'Ben Tre' },
  { code: '84', name: 'Trà Vinh', kind: 'tỉnh', nameEn: 'Tra Vinh' },
  { code: '86', name: 'Vĩnh Long', kind: 'tỉnh', nameEn: 'Vinh Long' },
  { code: '87', name: 'Đồng Tháp', kind: 'tỉnh', nameEn: 'Dong Thap' },
  { code: '89', name: 'An Giang', kind: 'tỉnh', nameEn: 'An Giang' },
  { code: '91', name: 'Kiên Giang', kind: 'tỉnh', nameEn: 'Kien Giang' },
  { code: '92', name: 'Cần Thơ', kind: 'thành phố', nameEn: 'Can Tho' },
  { code: '93', name: 'Hậu Giang', kind: 'tỉnh', nameEn: 'Hau Giang' },
  { code: '94', name: 'Sóc Trăng', kind: 'tỉnh', nameEn: 'Soc Trang' },
  { code: '95', name: 'Bạc Liêu', kind: 'tỉnh', nameEn: 'Bac Lieu' },
  { code: '96', name: 'Cà Mau', kind: 'tỉnh', nameEn: 'Ca Mau' },
];

/** The 11 provinces the 2025 reform left as they were (one continuous row each). Huế: see HUE_CITY. */
export const UNCHANGED_2025 = ['01', '04', '11', '12', '14', '20', '22', '38', '40', '42', '46'];

/** Thừa Thiên Huế → thành phố Huế, 1 January 2025 (a new row with a 'rename' link). */
export const HUE_CITY = { code: '46', name: 'Huế', kind: 'thành phố' as const, nameEn: 'Hue', predecessor: '46', validFrom: HUE_CITY_DATE };

export interface MergedProvinceSeed extends ProvinceSeed {
  /** pre-2025 codes, the one whose name it took first */
  predecessors: string[];
}

/** The 23 provinces formed by merger on 1 July 2025 (shared/domain/reform-2025.md), with the office's codes. */
export const MERGED_2025: MergedProvinceSeed[] = [
  { code: '08', name: 'Tuyên Quang', kind: 'tỉnh', nameEn: 'Tuyen Quang', predecessors: ['08', '02'] },
  { code: '15', name: 'Lào Cai', kind: 'tỉnh', nameEn: 'Lao Cai', predecessors: ['10', '15'] },
  { code: '19', name: 'Thái Nguyên', kind: 'tỉnh', nameEn: 'Thai Nguyen', predecessors: ['19', '06'] },
  { code: '25', name: 'Phú Thọ', kind: 'tỉnh', nameEn: 'Phu Tho', predecessors: ['25', '26', '17'] },
  { code: '24', name: 'Bắc Ninh', kind: 'tỉnh', nameEn: 'Bac Ninh', predecessors: ['27', '24'] },
  { code: '33', name: 'Hưng Yên', kind: 'tỉnh', nameEn: 'Hung Yen', predecessors: ['33', '34'] },
  { code: '31', name: 'Hải Phòng', kind: 'thành phố', nameEn: 'Hai Phong', predecessors: ['31', '30'] },
  { code: '37', name: 'Ninh Bình', kind: 'tỉnh', nameEn: 'Ninh Binh', predecessors: ['37', '35', '36'] },
  { code: '44', name: 'Quảng Trị', kind: 'tỉnh', nameEn: 'Quang Tri', predecessors: ['45', '44'] },
  { code: '48', name: 'Đà Nẵng', kind: 'thành phố', nameEn: 'Da Nang', predecessors: ['48', '49'] },
  { code: '51', name: 'Quảng Ngãi', kind: 'tỉnh', nameEn: 'Quang Ngai', predecessors: ['51', '62'] },
  { code: '52', name: 'Gia Lai', kind: 'tỉnh', nameEn: 'Gia Lai', predecessors: ['64', '52'] },
  { code: '56', name: 'Khánh Hòa', kind: 'tỉnh', nameEn: 'Khanh Hoa', predecessors: ['56', '58'] },
  { code: '68', name: 'Lâm Đồng', kind: 'tỉnh', nameEn: 'Lam Dong', predecessors: ['68', '67', '60'] },
  { code: '66', name: 'Đắk Lắk', kind: 'tỉnh', nameEn: 'Dak Lak', predecessors: ['66', '54'] },
  { code: '79', name: 'Hồ Chí Minh', kind: 'thành phố', nameEn: 'Ho Chi Minh City', predecessors: ['79', '74', '77'] },
  { code: '75', name: 'Đồng Nai', kind: 'tỉnh', nameEn: 'Dong Nai', predecessors: ['75', '70'] },
  { code: '80', name: 'Tây Ninh', kind: 'tỉnh', nameEn: 'Tay Ninh', predecessors: ['72', '80'] },
  { code: '92', name: 'Cần Thơ', kind: 'thành phố', nameEn: 'Can Tho', predecessors: ['92', '94', '93'] },
  { code: '86', name: 'Vĩnh Long', kind: 'tỉnh', nameEn: 'Vinh Long', predecessors: ['86', '83', '84'] },
  { code: '82', name: 'Đồng Tháp', kind: 'tỉnh', nameEn: 'Dong Thap', predecessors: ['87', '82'] },
  { code: '96', name: 'Cà Mau', kind: 'tỉnh', nameEn: 'Ca Mau', predecessors: ['96', '95'] },
  { code: '91', name: 'An Giang', kind: 'tỉnh', nameEn: 'An Giang', predecessors: ['89', '91'] },
];

export interface LocalUnitSeed {
  level: 'district' | 'commune';
  code: string;
  name: string;
  kind: string;
  nameEn: string | null;
  /** parent: the province code (pre-2025 list) or, for a commune, the district code */
  parentLevel: 'province' | 'district';
  parentCode: string;
  /** parent row at this date (for provinces with several rows) */
  parentAt: string;
  validFrom?: string;
  validTo: string | null;
  note: string | null;
  /** successor (level, code, validFrom) with kind */
  successor?: { level: 'district' | 'commune'; code: string; validFrom: string; kind: 'merge' | 'rename' | 'split' | 'transfer' };
}

/**
 * Historical units that the statistics office's list of 04/01/2025 no longer has (the districts and
 * communes it has are built in from src/storage/seed/data/vn-units-2025.json.gz).
 */
export const HISTORICAL_UNITS: LocalUnitSeed[] = [
  { level: 'district', code: '483', name: 'Nam Đông', kind: 'huyện', nameEn: 'Nam Dong', parentLevel: 'province', parentCode: '46', parentAt: '2021-01-01', validTo: HUE_CITY_DATE, note: 'Nhập vào huyện Phú Lộc khi Thừa Thiên Huế thành thành phố Huế, 01/01/2025 (NQ 1314/NQ-UBTVQH15); không còn trong danh mục ngày 04/01/2025.' },
];
