/**
 * QĐ 37/2010/QĐ-TTg of 22/04/2010 (standard for communes and wards fit for children), applied with
 * Thông tư 22/2010/TT-LĐTBXH (assessment and recognition procedure). Shipped so that records of the
 * years it governed (seed 002: Nam Đông 2014) remain readable and can be re-evaluated.
 *
 * Everything below is marked `verify: true`: ten standards of 10 points each (100 in all), each met
 * from 5 points, recognised from 80 points with all ten met. The source structure and points must be
 * checked against the decision and the circular and corrected through the admin API.
 * QĐ 34/2014/QĐ-TTg (15 criteria, in force 15/07/2014) replaced it; QĐ 06/QĐ-TTg replaced that in
 * 2019. Both are shipped (src/domain/cff/standards/).
 */
import type { CffStandard, ScoringRule } from '../types.ts';

const higher = (...steps: [number, number][]): ScoringRule => ({ kind: 'steps', steps: [...steps.map(([atLeast, points]) => ({ atLeast, points })), { atLeast: 0, points: 0 }] });
const lower = (...steps: [number, number][]): ScoringRule => ({ kind: 'steps', steps: [...steps.map(([atMost, points]) => ({ atMost, points })), { atLeast: 0, points: 0 }] });
const yesNo = (points: number): ScoringRule => ({ kind: 'yes_no', points });

const c = (code: string, titleVi: string, titleEn: string, subcriteria: CffStandard['criteria'][number]['subcriteria']) => ({ code, titleVi, titleEn, minPoints: 5, verify: true, subcriteria });

export const QD37_2010: CffStandard = {
  code: 'QD37-2010',
  number: '37/2010/QĐ-TTg',
  issuedOn: '2010-04-22',
  titleVi: 'Quy định tiêu chuẩn xã, phường phù hợp với trẻ em',
  titleEn: 'Standard for child-friendly communes and wards (2010)',
  effectiveFrom: '2010-06-10',
  effectiveTo: '2014-07-15',
  recognitionValidityYears: 1,
  verify: true,
  note: 'Áp dụng cùng Thông tư 22/2010/TT-LĐTBXH. Cấu trúc và điểm số cần đối chiếu văn bản gốc.',
  passRule: {
    allCriteriaMet: true,
    noZeroCriterion: true,
    thresholds: [{ category: 'other', minTotal: 80, verify: true }],
    verify: true,
  },
  criteria: [
    c('1', 'Trẻ em được khai sinh đúng quy định', 'Birth registration', [
      { code: '1.1', titleVi: 'Tỷ lệ trẻ em được đăng ký khai sinh đúng hạn', maxPoints: 10, source: 'indicator:14', scoring: higher([98, 10], [90, 5]), valueUnit: 'percent', evidenceRequired: false, verify: true },
    ]),
    c('2', 'Trẻ em được chăm sóc sức khỏe', 'Health care', [
      { code: '2.1', titleVi: 'Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ', maxPoints: 5, source: 'indicator:5a', scoring: higher([95, 5], [90, 3]), valueUnit: 'percent', evidenceRequired: false, verify: true },
      { code: '2.2', titleVi: 'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân', maxPoints: 5, source: 'indicator:4a', scoring: lower([15, 5], [20, 3]), valueUnit: 'percent', evidenceRequired: false, verify: true },
    ]),
    c('3', 'Trẻ em được giáo dục', 'Education', [
      { code: '3.1', titleVi: 'Tỷ lệ trẻ em 5 tuổi đi học mẫu giáo', maxPoints: 5, source: 'indicator:16', scoring: higher([95, 5], [85, 3]), valueUnit: 'percent', evidenceRequired: false, verify: true },
      { code: '3.2', titleVi: 'Tỷ lệ học sinh trung học cơ sở bỏ học', maxPoints: 5, source: 'indicator:18b', scoring: lower([1, 5], [3, 3]), valueUnit: 'percent', evidenceRequired: false, verify: true },
    ]),
    c('4', 'Trẻ em được vui chơi, giải trí', 'Play and recreation', [
      { code: '4.1', titleVi: 'Có điểm vui chơi, giải trí cho trẻ em', maxPoints: 10, source: 'indicator:21', scoring: yesNo(10), valueUnit: 'boolean', evidenceRequired: false, verify: true },
    ]),
    c('5', 'Trẻ em có hoàn cảnh đặc biệt được chăm sóc', 'Children in special circumstances cared for', [
      { code: '5.1', titleVi: 'Tỷ lệ trẻ em có hoàn cảnh đặc biệt được chăm sóc, trợ giúp', maxPoints: 10, source: 'indicator:8b', scoring: higher([90, 10], [80, 5]), valueUnit: 'percent', evidenceRequired: false, verify: true },
    ]),
    c('6', 'Trẻ em được bảo vệ khỏi xâm hại, bạo lực', 'Protection from abuse and violence', [
      { code: '6.1', titleVi: 'Số vụ trẻ em bị xâm hại, bạo lực trong năm', maxPoints: 10, source: 'manual', scoring: lower([0, 10], [1, 5]), valueUnit: 'count', evidenceRequired: false, verify: true },
    ]),
    c('7', 'Giảm trẻ em bị tai nạn, thương tích', 'Fewer accidents and injuries', [
      { code: '7.1', titleVi: 'Số trẻ em tử vong do tai nạn, thương tích trong năm', maxPoints: 10, source: 'manual', scoring: lower([0, 10], [1, 5]), valueUnit: 'count', evidenceRequired: false, verify: true },
    ]),
    c('8', 'Môi trường sống an toàn: nước sạch, vệ sinh', 'Safe environment: clean water, sanitation', [
      { code: '8.1', titleVi: 'Tỷ lệ hộ gia đình có trẻ em dùng nước sạch và nhà tiêu hợp vệ sinh', maxPoints: 10, source: 'manual', scoring: higher([80, 10], [60, 5]), valueUnit: 'percent', evidenceRequired: false, verify: true },
    ]),
    c('9', 'Trẻ em được tham gia', "Children's participation", [
      { code: '9.1', titleVi: 'Có câu lạc bộ, nhóm trẻ em hoặc diễn đàn trẻ em', maxPoints: 10, source: 'manual', scoring: yesNo(10), valueUnit: 'boolean', evidenceRequired: false, verify: true },
    ]),
    c('10', 'Lãnh đạo, chỉ đạo và nguồn lực cho công tác trẻ em', 'Leadership and resources', [
      { code: '10.1', titleVi: 'Có kế hoạch bảo vệ, chăm sóc trẻ em hằng năm được phê duyệt và bố trí kinh phí', maxPoints: 10, source: 'manual', scoring: yesNo(10), valueUnit: 'boolean', evidenceRequired: true, verify: true },
    ]),
  ],
};
