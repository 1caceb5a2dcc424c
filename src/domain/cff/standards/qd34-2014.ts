/**
 * QĐ 34/2014/QĐ-TTg of 30/05/2014 (standard for communes, wards and towns fit for children), in
 * force from 15/07/2014, replacing QĐ 37/2010/QĐ-TTg; replaced by QĐ 06/QĐ-TTg of 03/01/2019
 * (and formally repealed by QĐ 01/2020/QĐ-TTg). Signed KT. THỦ TƯỚNG, PHÓ THỦ TƯỚNG Vũ Đức Đam.
 * Its Điều 2 khoản 1: the standard is assessed through **15 criteria** (tiêu chí).
 *
 * Confirmed from a legal database's copy of the text: the number, dates, the 15 criteria, and the
 * wording of criteria 1 and 2 (and the start of 3). The wording of criteria 3–15, their points
 * and the recognition threshold are marked `verify` — reconstructed from the programme's usual
 * topics and to be checked against the decision's text and corrected through the admin API
 * (PUT /api/cff/standards). Each criterion is worth 10 points here, met from 5; a unit is
 * recognised with all 15 met and at least 120 of 150 points (verify).
 */
import type { CffStandard, ScoringRule } from '../types.ts';

const higher = (...steps: [number, number][]): ScoringRule => ({ kind: 'steps', steps: [...steps.map(([atLeast, points]) => ({ atLeast, points })), { atLeast: 0, points: 0 }] });
const lower = (...steps: [number, number][]): ScoringRule => ({ kind: 'steps', steps: [...steps.map(([atMost, points]) => ({ atMost, points })), { atLeast: 0, points: 0 }] });
const yesNo = (points: number): ScoringRule => ({ kind: 'yes_no', points });

type Sub = CffStandard['criteria'][number]['subcriteria'][number];
const c = (code: string, titleVi: string, titleEn: string, sub: Omit<Sub, 'code' | 'titleVi' | 'maxPoints' | 'verify'> & { titleVi?: string }, verify = true) => ({
  code, titleVi, titleEn, minPoints: 5, verify,
  subcriteria: [{ code: `${code}.1`, titleVi: sub.titleVi ?? titleVi, maxPoints: 10, verify, ...sub }] as Sub[],
});

export const QD34_2014: CffStandard = {
  code: 'QD34-2014',
  number: '34/2014/QĐ-TTg',
  issuedOn: '2014-05-30',
  titleVi: 'Quy định tiêu chuẩn xã, phường, thị trấn phù hợp với trẻ em',
  titleEn: 'Standard for child-friendly communes, wards and towns (2014)',
  effectiveFrom: '2014-07-15',
  effectiveTo: '2019-01-03',
  recognitionValidityYears: 1,
  verify: true,
  note: 'QĐ 34/2014/QĐ-TTg ngày 30/05/2014, hiệu lực từ 15/07/2014, thay thế QĐ 37/2010/QĐ-TTg; được thay thế bởi QĐ 06/QĐ-TTg ngày 03/01/2019. 15 tiêu chí (Điều 2 khoản 1). Tên tiêu chí 3–15, điểm và ngưỡng công nhận cần đối chiếu văn bản gốc.',
  passRule: {
    allCriteriaMet: true,
    noZeroCriterion: true,
    thresholds: [{ category: 'other', minTotal: 120, verify: true }],
    verify: true,
  },
  criteria: [
    c('1', 'Mức độ chỉ đạo, điều hành của cấp ủy đảng, chính quyền địa phương đến công tác bảo vệ, chăm sóc và giáo dục trẻ em', 'Direction by the local party committee and government of child protection, care and education',
      { titleVi: 'Có kế hoạch bảo vệ, chăm sóc và giáo dục trẻ em hằng năm được phê duyệt và bố trí kinh phí', source: 'manual', scoring: yesNo(10), valueUnit: 'boolean', evidenceRequired: true }, false),
    c('2', 'Tỷ lệ trẻ em được khai sinh đúng quy định', 'Children registered at birth as required',
      { source: 'indicator:14', scoring: higher([98, 10], [90, 5]), valueUnit: 'percent', evidenceRequired: false }, false),
    c('3', 'Tỷ lệ trẻ em lao động trái quy định của pháp luật', 'Children working against the law',
      { source: 'indicator:10', scoring: lower([1, 10], [3, 5]), valueUnit: 'percent', evidenceRequired: false }),
    c('4', 'Tỷ lệ trẻ em bị xâm hại (bạo lực, xâm hại tình dục, bóc lột, mua bán, bỏ rơi)', 'Children abused',
      { source: 'indicator:9', scoring: lower([0, 10], [0.5, 5]), valueUnit: 'percent', evidenceRequired: false }),
    c('5', 'Tỷ lệ trẻ em vi phạm pháp luật', 'Children in conflict with the law',
      { source: 'manual', scoring: lower([0, 10], [0.5, 5]), valueUnit: 'percent', evidenceRequired: false }),
    c('6', 'Tỷ lệ trẻ em bị tai nạn, thương tích', 'Children injured in accidents',
      { source: 'manual', scoring: lower([1, 10], [3, 5]), valueUnit: 'percent', evidenceRequired: false }),
    c('7', 'Tỷ lệ trẻ em có hoàn cảnh đặc biệt được chăm sóc, trợ giúp', 'Children in special circumstances cared for and supported',
      { source: 'indicator:8b', scoring: higher([90, 10], [80, 5]), valueUnit: 'percent', evidenceRequired: false }),
    c('8', 'Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin', 'Children under 1 fully immunised',
      { source: 'indicator:5a', scoring: higher([95, 10], [90, 5]), valueUnit: 'percent', evidenceRequired: false }),
    c('9', 'Tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể nhẹ cân', 'Children under 5 underweight',
      { source: 'indicator:4a', scoring: lower([15, 10], [20, 5]), valueUnit: 'percent', evidenceRequired: false }),
    c('10', 'Tỷ lệ trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế', 'Children under 6 with a health insurance card',
      { source: 'manual', scoring: higher([100, 10], [95, 5]), valueUnit: 'percent', evidenceRequired: false }),
    c('11', 'Tỷ lệ trẻ em 5 tuổi được huy động đi học mẫu giáo', 'Children aged 5 in pre-school',
      { source: 'indicator:16', scoring: higher([95, 10], [85, 5]), valueUnit: 'percent', evidenceRequired: false }),
    c('12', 'Tỷ lệ học sinh trung học cơ sở bỏ học', 'Lower-secondary pupils dropping out',
      { source: 'indicator:18b', scoring: lower([1, 10], [3, 5]), valueUnit: 'percent', evidenceRequired: false }),
    c('13', 'Tỷ lệ hộ gia đình có trẻ em được sử dụng nước sạch và nhà tiêu hợp vệ sinh', 'Households with children using clean water and hygienic latrines',
      { source: 'manual', scoring: higher([80, 10], [60, 5]), valueUnit: 'percent', evidenceRequired: false }),
    c('14', 'Có điểm vui chơi, giải trí, văn hóa, thể thao dành cho trẻ em', 'A place for children’s play, culture and sport',
      { source: 'indicator:21', scoring: yesNo(10), valueUnit: 'boolean', evidenceRequired: false }),
    c('15', 'Trẻ em được tham gia ý kiến vào các vấn đề liên quan đến trẻ em (diễn đàn, câu lạc bộ, nhóm trẻ em)', 'Children take part in decisions that concern them',
      { source: 'manual', scoring: yesNo(10), valueUnit: 'boolean', evidenceRequired: false }),
  ],
};
