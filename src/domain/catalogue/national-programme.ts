/**
 * QĐ 23/QĐ-TTg (07/01/2021): the National Action Programme for Children 2021–2030.
 * This is the initial data loaded into the database on first start; from then on the
 * database is the source of truth and an administrator can correct it (entries marked
 * `verify` come from a doubtful public copy, see shared/domain/national-programme.md).
 */
import type { IndicatorDefinition, ObjectiveDefinition, Target, MeasureDefinition } from '../model.ts';

export const NATIONAL_PROGRAMME = {
  number: '23/QĐ-TTg',
  title: 'Chương trình hành động quốc gia vì trẻ em giai đoạn 2021 - 2030',
  titleEn: 'National Action Programme for Children 2021–2030',
  issuer: 'Thủ tướng Chính phủ',
  issueDate: '2021-01-07',
  periodFrom: 2021,
  periodTo: 2030,
  /** signed for the Prime Minister by the Deputy Prime Minister (KT. THỦ TƯỚNG / PHÓ THỦ TƯỚNG) */
  signer: 'Vũ Đức Đam' as string | null,
  signerTitle: 'Phó Thủ tướng' as string | null,
  reviews: [
    { kind: 'midterm' as const, year: 2025 },
    { kind: 'final' as const, year: 2030 },
  ],
};

export const NATIONAL_OBJECTIVES: ObjectiveDefinition[] = [
  { key: '1', titleVi: 'Về sự phát triển toàn diện trẻ em, chăm sóc sức khỏe, dinh dưỡng cho trẻ em', titleEn: 'Comprehensive development, health care and nutrition' },
  { key: '2', titleVi: 'Về bảo vệ trẻ em', titleEn: 'Child protection' },
  { key: '3', titleVi: 'Về giáo dục, văn hóa, vui chơi, giải trí cho trẻ em', titleEn: 'Education, culture, play and recreation' },
  { key: '4', titleVi: 'Về sự tham gia của trẻ em vào các vấn đề về trẻ em', titleEn: "Children's participation in children's issues" },
];

const SEX_AREA: MeasureDefinition['disaggregations'] = ['sex', 'area', 'ethnicity'];

function pct(code: string, nameVi: string, nameEn: string, direction: MeasureDefinition['direction'], num: string, den: string, extra: Partial<MeasureDefinition> = {}): MeasureDefinition {
  return { code, nameVi, nameEn, unit: 'percent', direction, numeratorVi: num, denominatorVi: den, disaggregations: SEX_AREA, plausibleMin: 0, plausibleMax: 100, ...extra };
}

export const NATIONAL_INDICATORS: IndicatorDefinition[] = [
  {
    code: '1', objective: 1, leadSector: 'labour_social',
    nameVi: 'Tỷ lệ xã, phường, thị trấn đạt tiêu chuẩn xã, phường, thị trấn phù hợp với trẻ em',
    nameEn: 'Communes, wards and towns meeting the child-friendly standard',
    measures: [{ code: '1', nameVi: 'Tỷ lệ xã, phường, thị trấn phù hợp với trẻ em', nameEn: 'Share of child-friendly communes', unit: 'percent', direction: 'increase', numeratorVi: 'Số xã, phường, thị trấn được công nhận phù hợp với trẻ em', denominatorVi: 'Tổng số xã, phường, thị trấn', disaggregations: [], plausibleMin: 0, plausibleMax: 100 }],
  },
  {
    code: '2', objective: 1, leadSector: 'labour_social',
    nameVi: 'Tỷ lệ trẻ em đến 8 tuổi được tiếp cận các dịch vụ hỗ trợ chăm sóc phát triển toàn diện',
    nameEn: 'Children up to 8 with access to comprehensive early-development services',
    measures: [pct('2', 'Tỷ lệ trẻ em đến 8 tuổi được tiếp cận dịch vụ chăm sóc phát triển toàn diện', 'Children up to 8 accessing early-development services', 'increase', 'Số trẻ em đến 8 tuổi được tiếp cận dịch vụ', 'Tổng số trẻ em đến 8 tuổi')],
  },
  {
    code: '3', objective: 1, leadSector: 'health',
    nameVi: 'Giảm tỷ suất tử vong trẻ sơ sinh, trẻ em dưới 1 tuổi và dưới 5 tuổi',
    nameEn: 'Neonatal, infant and under-5 mortality',
    measures: [
      { code: '3a', nameVi: 'Tỷ suất tử vong trẻ sơ sinh trên 1.000 trẻ đẻ sống', nameEn: 'Neonatal mortality per 1,000 live births', unit: 'per_1000', base: 'trẻ đẻ sống', direction: 'decrease', numeratorVi: 'Số trẻ sơ sinh tử vong', denominatorVi: 'Số trẻ đẻ sống', disaggregations: ['sex', 'area'], plausibleMin: 0, plausibleMax: 60 },
      { code: '3b', nameVi: 'Tỷ suất tử vong trẻ em dưới 1 tuổi trên 1.000 trẻ đẻ sống', nameEn: 'Infant (under-1) mortality per 1,000 live births', unit: 'per_1000', base: 'trẻ đẻ sống', direction: 'decrease', numeratorVi: 'Số trẻ em dưới 1 tuổi tử vong', denominatorVi: 'Số trẻ đẻ sống', disaggregations: ['sex', 'area'], plausibleMin: 0, plausibleMax: 80 },
      { code: '3c', nameVi: 'Tỷ suất tử vong trẻ em dưới 5 tuổi trên 1.000 trẻ đẻ sống', nameEn: 'Under-5 mortality per 1,000 live births', unit: 'per_1000', base: 'trẻ đẻ sống', direction: 'decrease', numeratorVi: 'Số trẻ em dưới 5 tuổi tử vong', denominatorVi: 'Số trẻ đẻ sống', disaggregations: ['sex', 'area'], plausibleMin: 0, plausibleMax: 100 },
    ],
  },
  {
    code: '4', objective: 1, leadSector: 'health',
    nameVi: 'Giảm tỷ lệ suy dinh dưỡng ở trẻ em dưới 5 tuổi',
    nameEn: 'Under-5 malnutrition',
    measures: [
      pct('4a', 'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân (cân nặng theo tuổi)', 'Under-5 underweight (weight-for-age)', 'decrease', 'Số trẻ dưới 5 tuổi suy dinh dưỡng thể nhẹ cân', 'Số trẻ dưới 5 tuổi được cân đo'),
      pct('4b', 'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi (chiều cao theo tuổi)', 'Under-5 stunting (height-for-age)', 'decrease', 'Số trẻ dưới 5 tuổi suy dinh dưỡng thể thấp còi', 'Số trẻ dưới 5 tuổi được cân đo'),
      pct('4c', 'Tỷ lệ trẻ em dưới 5 tuổi béo phì', 'Under-5 obesity', 'decrease', 'Số trẻ dưới 5 tuổi béo phì', 'Số trẻ dưới 5 tuổi được cân đo', { groups: ['rural', 'urban'] }),
    ],
  },
  {
    code: '5', objective: 1, leadSector: 'health',
    nameVi: 'Tỷ lệ trẻ em được tiêm chủng đầy đủ',
    nameEn: 'Full immunisation',
    measures: [
      pct('5a', 'Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ 8 loại vắc xin', 'Under-1 fully immunised with 8 vaccines', 'increase', 'Số trẻ dưới 1 tuổi được tiêm đủ 8 loại vắc xin', 'Số trẻ dưới 1 tuổi'),
      pct('5b', 'Tỷ lệ trẻ em dưới 5 tuổi được tiêm chủng đầy đủ các loại vắc xin', 'Under-5 fully immunised with all vaccines', 'increase', 'Số trẻ dưới 5 tuổi được tiêm đủ các loại vắc xin', 'Số trẻ dưới 5 tuổi'),
    ],
  },
  {
    code: '6', objective: 1, leadSector: 'health',
    nameVi: 'Tỷ lệ lây truyền HIV từ mẹ sang con',
    nameEn: 'Mother-to-child HIV transmission rate',
    measures: [pct('6', 'Tỷ lệ lây truyền HIV từ mẹ sang con', 'Mother-to-child HIV transmission', 'decrease', 'Số trẻ sinh ra từ mẹ nhiễm HIV bị nhiễm HIV', 'Số trẻ sinh ra từ mẹ nhiễm HIV')],
  },
  {
    code: '7', objective: 1, leadSector: 'education',
    nameVi: 'Tỷ lệ cơ sở giáo dục cho trẻ em có công trình vệ sinh',
    nameEn: 'Educational establishments for children with sanitation facilities',
    measures: [{ ...pct('7', 'Tỷ lệ cơ sở giáo dục có công trình vệ sinh phù hợp', 'Educational establishments with sanitation', 'increase', 'Số cơ sở giáo dục có công trình vệ sinh phù hợp', 'Tổng số cơ sở giáo dục'), disaggregations: [] }],
  },
  {
    code: '8', objective: 2, leadSector: 'labour_social',
    nameVi: 'Trẻ em có hoàn cảnh đặc biệt',
    nameEn: 'Children in special circumstances',
    measures: [
      pct('8a', 'Tỷ lệ trẻ em có hoàn cảnh đặc biệt trên tổng số trẻ em', 'Children in special circumstances among all children', 'decrease', 'Số trẻ em có hoàn cảnh đặc biệt', 'Tổng số trẻ em'),
      pct('8b', 'Tỷ lệ trẻ em có hoàn cảnh đặc biệt được chăm sóc, nuôi dưỡng, trợ giúp', 'Children in special circumstances cared for, nurtured, assisted', 'increase', 'Số trẻ em có hoàn cảnh đặc biệt được trợ giúp', 'Số trẻ em có hoàn cảnh đặc biệt'),
    ],
  },
  {
    // figures confirmed against the decision (< 4,5 % in 2025, < 4 % in 2030): no verify mark (issue #20)
    code: '9', objective: 2, leadSector: 'labour_social', partnerSectors: ['police'],
    nameVi: 'Tỷ lệ trẻ em bị xâm hại trên tổng số trẻ em',
    nameEn: 'Abused children among all children',
    measures: [pct('9', 'Tỷ lệ trẻ em bị xâm hại trên tổng số trẻ em', 'Abused children among all children', 'decrease', 'Số trẻ em bị xâm hại', 'Tổng số trẻ em')],
  },
  {
    code: '10', objective: 2, leadSector: 'labour_social',
    nameVi: 'Tỷ lệ lao động trẻ em và lao động người chưa thành niên từ 5 đến 17 tuổi',
    nameEn: 'Child labour and working minors aged 5–17',
    measures: [pct('10', 'Tỷ lệ lao động trẻ em và người chưa thành niên 5–17 tuổi', 'Child labour and working minors aged 5–17', 'decrease', 'Số lao động trẻ em và người chưa thành niên 5–17 tuổi', 'Số trẻ em và người chưa thành niên 5–17 tuổi')],
  },
  {
    code: '11', objective: 2, leadSector: 'labour_social',
    nameVi: 'Tỷ suất trẻ em bị tai nạn thương tích và tử vong do tai nạn thương tích',
    nameEn: 'Child injuries and deaths from injury',
    measures: [
      { code: '11a', nameVi: 'Tỷ suất trẻ em bị tai nạn thương tích trên 100.000 trẻ em', nameEn: 'Children injured per 100,000 children', unit: 'per_100000', base: 'trẻ em', direction: 'decrease', numeratorVi: 'Số trẻ em bị tai nạn thương tích', denominatorVi: 'Tổng số trẻ em', disaggregations: ['sex', 'area'], plausibleMin: 0, plausibleMax: 5000 },
      { code: '11b', nameVi: 'Tỷ suất trẻ em tử vong do tai nạn thương tích trên 100.000 trẻ em', nameEn: 'Child deaths from injury per 100,000 children', unit: 'per_100000', base: 'trẻ em', direction: 'decrease', numeratorVi: 'Số trẻ em tử vong do tai nạn thương tích', denominatorVi: 'Tổng số trẻ em', disaggregations: ['sex', 'area'], plausibleMin: 0, plausibleMax: 200 },
    ],
  },
  {
    code: '12', objective: 2, leadSector: 'labour_social',
    nameVi: 'Tỷ lệ trẻ em gặp thiên tai, thảm họa được cứu trợ, hỗ trợ kịp thời',
    nameEn: 'Children hit by natural disasters who get timely relief',
    measures: [pct('12', 'Tỷ lệ trẻ em gặp thiên tai, thảm họa được cứu trợ kịp thời', 'Children hit by disasters given timely relief', 'increase', 'Số trẻ em gặp thiên tai được cứu trợ kịp thời', 'Số trẻ em gặp thiên tai, thảm họa')],
  },
  {
    code: '13', objective: 2, leadSector: 'culture',
    nameVi: 'Giảm số cuộc tảo hôn',
    nameEn: 'Child marriages',
    measures: [{ code: '13', nameVi: 'Số cuộc tảo hôn', nameEn: 'Number of child marriages', unit: 'count', direction: 'decrease', numeratorVi: 'Số cuộc tảo hôn trong năm', denominatorVi: null, disaggregations: ['ethnicity'], plausibleMin: 0, plausibleMax: null }],
  },
  {
    code: '14', objective: 2, leadSector: 'justice',
    nameVi: 'Tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh',
    nameEn: 'Under-5 with birth registration',
    measures: [pct('14', 'Tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh', 'Under-5 with birth registration', 'increase', 'Số trẻ dưới 5 tuổi được đăng ký khai sinh', 'Số trẻ dưới 5 tuổi')],
  },
  {
    code: '15', objective: 3, leadSector: 'education', verify: true,
    nameVi: 'Tỷ lệ trẻ em dưới 5 tuổi được phát triển phù hợp về sức khỏe, học tập và tâm lý xã hội',
    nameEn: 'Under-5 developing appropriately in health, learning and psychosocial terms',
    measures: [pct('15', 'Tỷ lệ trẻ em dưới 5 tuổi phát triển phù hợp', 'Under-5 developing appropriately', 'increase', 'Số trẻ dưới 5 tuổi phát triển phù hợp', 'Số trẻ dưới 5 tuổi')],
  },
  {
    code: '16', objective: 3, leadSector: 'education',
    nameVi: 'Tỷ lệ huy động trẻ em 5 tuổi đi học mẫu giáo',
    nameEn: '5-year-olds enrolled in kindergarten',
    measures: [pct('16', 'Tỷ lệ trẻ em 5 tuổi đi học mẫu giáo', '5-year-olds in kindergarten', 'increase', 'Số trẻ 5 tuổi đi học mẫu giáo', 'Số trẻ 5 tuổi')],
  },
  {
    code: '17', objective: 3, leadSector: 'education',
    nameVi: 'Hoàn thành và bỏ học cấp tiểu học',
    nameEn: 'Primary completion and drop-out',
    measures: [
      pct('17a', 'Tỷ lệ trẻ em hoàn thành cấp tiểu học', 'Primary completion', 'increase', 'Số học sinh hoàn thành cấp tiểu học', 'Số học sinh lớp 5 đầu năm học'),
      pct('17b', 'Tỷ lệ trẻ em bỏ học bậc tiểu học', 'Primary drop-out', 'decrease', 'Số học sinh tiểu học bỏ học', 'Số học sinh tiểu học'),
    ],
  },
  {
    code: '18', objective: 3, leadSector: 'education',
    nameVi: 'Hoàn thành và bỏ học cấp trung học cơ sở',
    nameEn: 'Lower-secondary completion and drop-out',
    measures: [
      pct('18a', 'Tỷ lệ trẻ em hoàn thành cấp trung học cơ sở', 'Lower-secondary completion', 'increase', 'Số học sinh hoàn thành cấp THCS', 'Số học sinh lớp 9 đầu năm học'),
      pct('18b', 'Tỷ lệ trẻ em bỏ học cấp trung học cơ sở', 'Lower-secondary drop-out', 'decrease', 'Số học sinh THCS bỏ học', 'Số học sinh THCS'),
    ],
  },
  {
    code: '19', objective: 3, leadSector: 'education',
    nameVi: 'Tỷ lệ trường học có dịch vụ hỗ trợ tâm lý trẻ em',
    nameEn: 'Schools with psychological support services',
    measures: [{ ...pct('19', 'Tỷ lệ trường học có dịch vụ hỗ trợ tâm lý', 'Schools with psychological support', 'increase', 'Số trường có dịch vụ hỗ trợ tâm lý', 'Tổng số trường học'), disaggregations: [] }],
  },
  {
    code: '20', objective: 3, leadSector: 'education',
    nameVi: 'Giáo dục cho trẻ em khuyết tật',
    nameEn: 'Education for children with disabilities',
    measures: [
      { ...pct('20a', 'Tỷ lệ trường học có cơ sở hạ tầng và tài liệu phù hợp với học sinh, sinh viên khuyết tật', 'Schools with infrastructure and materials suited to disabled pupils and students', 'increase', 'Số trường có cơ sở hạ tầng, tài liệu phù hợp', 'Tổng số trường học'), disaggregations: [] },
      pct('20b', 'Tỷ lệ trẻ em khuyết tật có nhu cầu học tập được tiếp cận giáo dục chuyên biệt, hòa nhập và phục hồi chức năng', 'Disabled children needing education who access special/inclusive education and rehabilitation', 'increase', 'Số trẻ khuyết tật được tiếp cận giáo dục', 'Số trẻ khuyết tật có nhu cầu học tập'),
    ],
  },
  {
    code: '21', objective: 3, leadSector: 'culture',
    nameVi: 'Tỷ lệ xã, phường, thị trấn có điểm văn hóa, vui chơi dành cho trẻ em',
    nameEn: 'Communes with a cultural and play space for children',
    measures: [{ ...pct('21', 'Tỷ lệ xã, phường, thị trấn có điểm vui chơi cho trẻ em', 'Communes with a play space for children', 'increase', 'Số xã có điểm văn hóa, vui chơi cho trẻ em', 'Tổng số xã, phường, thị trấn'), disaggregations: [] }],
  },
  {
    code: '22', objective: 4, leadSector: 'labour_social',
    nameVi: 'Tỷ lệ trẻ em từ 7 tuổi trở lên được hỏi ý kiến về các vấn đề của trẻ em',
    nameEn: 'Children aged 7+ consulted on children\'s issues',
    measures: [pct('22', 'Tỷ lệ trẻ em từ 7 tuổi trở lên được hỏi ý kiến', 'Children aged 7+ consulted', 'increase', 'Số trẻ em từ 7 tuổi được hỏi ý kiến', 'Số trẻ em từ 7 tuổi trở lên')],
  },
  {
    code: '23', objective: 4, leadSector: 'labour_social',
    nameVi: 'Tỷ lệ trẻ em được nâng cao nhận thức, năng lực về quyền tham gia',
    nameEn: 'Children with raised awareness and capacity on participation rights',
    measures: [pct('23', 'Tỷ lệ trẻ em được nâng cao nhận thức về quyền tham gia', 'Children with raised awareness of participation rights', 'increase', 'Số trẻ em được nâng cao nhận thức', 'Tổng số trẻ em')],
  },
  {
    code: '24', objective: 4, leadSector: 'labour_social',
    nameVi: 'Tỷ lệ trẻ em từ 11 tuổi trở lên tham gia các mô hình, hoạt động thúc đẩy quyền tham gia',
    nameEn: 'Children aged 11+ taking part in participation models and activities',
    measures: [pct('24', 'Tỷ lệ trẻ em từ 11 tuổi tham gia mô hình thúc đẩy quyền tham gia', 'Children aged 11+ in participation models', 'increase', 'Số trẻ em từ 11 tuổi tham gia', 'Số trẻ em từ 11 tuổi trở lên')],
  },
];

const T = (measure: string, year: number, comparator: Target['comparator'], value: number | null, extra: Partial<Target> = {}): Target => {
  const m = NATIONAL_INDICATORS.flatMap((i) => i.measures).find((x) => x.code === measure);
  if (!m) throw new Error(`unknown measure ${measure}`);
  return { measure, year, comparator, value, unit: m.unit, base: m.base ?? null, group: null, relative: null, ...extra };
};

/** National targets of QĐ 23/QĐ-TTg ("đạt X%" is read as ≥ for increasing indicators, ≤ for decreasing ones). */
export const NATIONAL_TARGETS: Target[] = [
  T('1', 2025, '>=', 65), T('1', 2030, '>=', 75),
  T('2', 2025, '>=', 90), T('2', 2030, '>=', 95),
  T('3a', 2025, '<', 9.5), T('3a', 2030, '<', 9),
  T('3b', 2025, '<=', 12.5), T('3b', 2030, '<=', 10),
  T('3c', 2025, '<', 18.5), T('3c', 2030, '<', 15),
  T('4a', 2025, '<', 9), T('4a', 2030, '<', 6),
  T('4b', 2025, '<=', 17), T('4b', 2030, '<', 15),
  T('4c', 2025, '<', 5, { group: 'rural' }), T('4c', 2025, '<', 10, { group: 'urban' }),
  T('4c', 2030, '<', 5, { group: 'rural' }), T('4c', 2030, '<', 10, { group: 'urban' }),
  T('5a', 2025, '>=', 97), T('5a', 2030, '>=', 98),
  T('5b', 2030, '>=', 98),
  T('6', 2030, '<=', 2),
  T('7', 2025, '>=', 100), T('7', 2030, 'maintain', 100),
  T('8a', 2025, '<', 6.5), T('8a', 2030, '<=', 6),
  T('8b', 2025, '>=', 90), T('8b', 2030, '>=', 95),
  T('9', 2025, '<', 4.5), T('9', 2030, '<', 4),
  T('10', 2025, '<=', 4.9), T('10', 2030, '<=', 4.5),
  T('11a', 2025, '<=', 550), T('11a', 2030, '<=', 500),
  T('11b', 2025, '<=', 16), T('11b', 2030, '<=', 15),
  T('12', 2025, '>=', 100), T('12', 2030, '>=', 100),
  T('13', 2030, '<', null, { relative: { change: 'decrease', by: 2, byMax: 3, byUnit: 'percent', baselineYear: 2025, perYear: true }, note: 'Giảm số cuộc tảo hôn 2–3% mỗi năm giai đoạn 2025–2030' }),
  T('14', 2025, '>=', 98.5), T('14', 2030, '>=', 100),
  T('15', 2025, '>=', 99.1), T('15', 2030, '>=', 99.3),
  T('16', 2025, '>=', 99.1), T('16', 2030, '>=', 99.3),
  T('17a', 2025, '>=', 97), T('17a', 2030, '>=', 99),
  T('17b', 2025, '<', 0.12), T('17b', 2030, '<', 0.1),
  T('18a', 2025, '>=', 88), T('18a', 2030, '>=', 93),
  T('18b', 2025, '<', 0.14), T('18b', 2030, '<', 0.05),
  T('19', 2025, '>=', 95),
  T('20a', 2025, '>=', 55), T('20a', 2030, '>=', 60),
  T('20b', 2025, '>=', 80), T('20b', 2030, '>=', 90),
  T('21', 2025, '>=', 40), T('21', 2030, '>=', 45),
  T('22', 2025, '>=', 30), T('22', 2030, '>=', 35),
  T('23', 2025, '>=', 85), T('23', 2030, '>=', 90),
  T('24', 2025, '>=', 30), T('24', 2030, '>=', 35),
];

export function findMeasure(code: string): { indicator: IndicatorDefinition; measure: MeasureDefinition } | undefined {
  for (const indicator of NATIONAL_INDICATORS) {
    const measure = indicator.measures.find((m) => m.code === code);
    if (measure) return { indicator, measure };
  }
  return undefined;
}
