/**
 * Where each province's administrative centre is (latitude, longitude; rounded, about 1 km), by the statistics
 * office's province code, for the dashboard's map. One table serves both lists: the 63 provinces until
 * 30/06/2025 and the 34 from 01/07/2025, because each new province took the code of the old province that
 * holds its centre (24 Bắc Ninh is centred in Bắc Giang, 15 Lào Cai in Yên Bái, 44 Quảng Trị in Đồng Hới,
 * 52 Gia Lai in Quy Nhơn, 80 Tây Ninh in Tân An, 82 Đồng Tháp in Mỹ Tho, 91 An Giang in Rạch Giá).
 * The map shows centres, not boundaries: a province's dot stands for the whole province.
 */
export const PROVINCE_CENTRES: Readonly<Record<string, readonly [lat: number, lon: number]>> = {
  '01': [21.03, 105.85], // Hà Nội
  '02': [22.82, 104.98], // Hà Giang
  '04': [22.67, 106.26], // Cao Bằng
  '06': [22.15, 105.83], // Bắc Kạn
  '08': [21.82, 105.21], // Tuyên Quang
  '10': [22.48, 103.97], // Lào Cai (until 30/06/2025)
  '11': [21.39, 103.02], // Điện Biên
  '12': [22.4, 103.46], // Lai Châu
  '14': [21.33, 103.91], // Sơn La
  '15': [21.72, 104.91], // Yên Bái; Lào Cai from 01/07/2025
  '17': [20.81, 105.34], // Hòa Bình
  '19': [21.59, 105.85], // Thái Nguyên
  '20': [21.85, 106.76], // Lạng Sơn
  '22': [21.0, 107.05], // Quảng Ninh (Hạ Long, nudged inland from the bay at this scale)
  '24': [21.27, 106.19], // Bắc Giang; Bắc Ninh from 01/07/2025
  '25': [21.32, 105.4], // Phú Thọ
  '26': [21.31, 105.6], // Vĩnh Phúc
  '27': [21.18, 106.07], // Bắc Ninh (until 30/06/2025)
  '30': [20.94, 106.33], // Hải Dương
  '31': [20.86, 106.68], // Hải Phòng
  '33': [20.65, 106.05], // Hưng Yên
  '34': [20.45, 106.34], // Thái Bình
  '35': [20.54, 105.91], // Hà Nam
  '36': [20.42, 106.17], // Nam Định
  '37': [20.25, 105.97], // Ninh Bình
  '38': [19.81, 105.78], // Thanh Hóa
  '40': [18.68, 105.68], // Nghệ An
  '42': [18.34, 105.9], // Hà Tĩnh
  '44': [17.47, 106.6], // Quảng Bình; Quảng Trị from 01/07/2025
  '45': [16.82, 107.1], // Quảng Trị (until 30/06/2025)
  '46': [16.46, 107.59], // Huế
  '48': [16.05, 108.2], // Đà Nẵng
  '49': [15.57, 108.47], // Quảng Nam
  '51': [15.12, 108.8], // Quảng Ngãi
  '52': [13.78, 109.22], // Bình Định; Gia Lai from 01/07/2025
  '54': [13.09, 109.3], // Phú Yên
  '56': [12.24, 109.19], // Khánh Hòa
  '58': [11.56, 108.99], // Ninh Thuận
  '60': [10.93, 108.1], // Bình Thuận
  '62': [14.35, 108.0], // Kon Tum
  '64': [13.98, 108.0], // Gia Lai (until 30/06/2025)
  '66': [12.67, 108.04], // Đắk Lắk
  '67': [12.0, 107.69], // Đắk Nông
  '68': [11.94, 108.44], // Lâm Đồng
  '70': [11.53, 106.89], // Bình Phước
  '72': [11.31, 106.1], // Tây Ninh (until 30/06/2025)
  '74': [10.98, 106.65], // Bình Dương
  '75': [10.95, 106.82], // Đồng Nai
  '77': [10.5, 107.17], // Bà Rịa - Vũng Tàu
  '79': [10.78, 106.7], // Hồ Chí Minh
  '80': [10.54, 106.41], // Long An; Tây Ninh from 01/07/2025
  '82': [10.36, 106.36], // Tiền Giang; Đồng Tháp from 01/07/2025
  '83': [10.24, 106.38], // Bến Tre
  '84': [9.94, 106.34], // Trà Vinh
  '86': [10.25, 105.97], // Vĩnh Long
  '87': [10.46, 105.63], // Đồng Tháp (until 30/06/2025)
  '89': [10.39, 105.44], // An Giang (until 30/06/2025)
  '91': [10.01, 105.08], // Kiên Giang; An Giang from 01/07/2025
  '92': [10.03, 105.78], // Cần Thơ
  '93': [9.78, 105.47], // Hậu Giang
  '94': [9.6, 105.97], // Sóc Trăng
  '95': [9.29, 105.72], // Bạc Liêu
  '96': [9.18, 105.15], // Cà Mau
};

/** The archipelagos every Vietnamese map shows: Hoàng Sa (Đà Nẵng) and Trường Sa (Khánh Hòa). */
export const ARCHIPELAGOS = [
  { vi: 'Quần đảo Hoàng Sa', en: 'Hoàng Sa archipelago', lat: 16.5, lon: 112.0 },
  { vi: 'Quần đảo Trường Sa', en: 'Trường Sa archipelago', lat: 9.9, lon: 114.0 },
] as const;

/** The map's frame (degrees) and an equirectangular projection corrected for Vietnam's mid latitude. */
export const MAP_FRAME = { west: 101.8, east: 115.2, north: 23.6, south: 8.2, scale: 40 } as const;
const COS_MID = Math.cos((16 * Math.PI) / 180);
export function project(lat: number, lon: number): [x: number, y: number] {
  return [Math.round((lon - MAP_FRAME.west) * COS_MID * MAP_FRAME.scale * 10) / 10, Math.round((MAP_FRAME.north - lat) * MAP_FRAME.scale * 10) / 10];
}
export const MAP_SIZE = project(MAP_FRAME.south, MAP_FRAME.east);

/** Even–odd ray test: is a point (lon, lat) inside a ring? */
export function insideRing(lon: number, lat: number, ring: readonly (readonly [number, number])[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
