/**
 * QĐ 06/QĐ-TTg of 03/01/2019: standard, assessment procedure and recognition of communes,
 * wards and towns fit for children. 13 criteria (Điều 2), 1,000 points in all; recognised when all
 * 13 criteria are met, none scores 0 and the total reaches 900 (wards of centrally-run cities),
 * 800 (mountain/island communes and towns, especially disadvantaged communes) or 850 (others).
 *
 * The criteria names, the three thresholds, criterion 1's first items (50/15/15), criterion 6
 * (125 = 50 + 75) and criterion 7 (50 at ≥ 98%) follow published summaries of the decision;
 * every other point value and scale step is marked `verify: true` and must be checked against
 * the decision's annex. The database copy is the source of truth: correct it through the admin API.
 */
import type { CffStandard, ScoringRule } from '../types.ts';

const higher = (...steps: [number, number][]): ScoringRule => ({ kind: 'steps', steps: [...steps.map(([atLeast, points]) => ({ atLeast, points })), { atLeast: 0, points: 0 }] });
const lower = (...steps: [number, number][]): ScoringRule => ({ kind: 'steps', steps: [...steps.map(([atMost, points]) => ({ atMost, points })), { atLeast: 0, points: 0 }] });
const yesNo = (points: number): ScoringRule => ({ kind: 'yes_no', points });

export const QD06_2019: CffStandard = {
  code: 'QD06-2019',
  number: '06/QĐ-TTg',
  issuedOn: '2019-01-03',
  titleVi: 'Quy định về tiêu chuẩn, trình tự đánh giá và công nhận xã, phường, thị trấn phù hợp với trẻ em',
  titleEn: 'Standard, assessment procedure and recognition of child-friendly communes, wards and towns',
  effectiveFrom: '2019-01-03',
  effectiveTo: null,
  recognitionValidityYears: 1,
  passRule: {
    allCriteriaMet: true,
    noZeroCriterion: true,
    thresholds: [
      { category: 'ward_central_city', minTotal: 900 },
      { category: 'mountain_island_difficult', minTotal: 800 },
      { category: 'other', minTotal: 850 },
    ],
  },
  criteria: [
    {
      code: '1', titleVi: 'Nguồn lực thực hiện quyền trẻ em', titleEn: "Resources for children's rights",
      subcriteria: [
        { code: '1.1', titleVi: 'Có bố trí người làm công tác bảo vệ trẻ em cấp xã', titleEn: 'A child-protection worker at commune level', maxPoints: 50, source: 'manual', scoring: yesNo(50), valueUnit: 'boolean', evidenceRequired: true },
        { code: '1.2', titleVi: 'Có cộng tác viên bảo vệ trẻ em tại thôn, tổ dân phố', titleEn: 'Child-protection collaborators in villages', maxPoints: 15, source: 'manual', scoring: yesNo(15), valueUnit: 'boolean', evidenceRequired: true },
        { code: '1.3', titleVi: 'Có ban hoặc nhóm chuyên trách bảo vệ trẻ em cấp xã, giao ban định kỳ', titleEn: 'A commune child-protection board meeting regularly', maxPoints: 15, source: 'manual', scoring: yesNo(15), valueUnit: 'boolean', evidenceRequired: true },
        { code: '1.4', titleVi: 'Có kinh phí (ngân sách và vận động) cho công tác trẻ em', titleEn: "Funds for children's work", maxPoints: 20, source: 'manual', scoring: yesNo(20), valueUnit: 'boolean', evidenceRequired: true, verify: true },
      ],
    },
    {
      code: '2', titleVi: 'Trẻ em được khai sinh đúng quy định', titleEn: 'Children registered at birth as required', verify: true,
      subcriteria: [
        { code: '2.1', titleVi: 'Tỷ lệ trẻ em được đăng ký khai sinh đúng hạn', titleEn: 'Children with timely birth registration (%)', maxPoints: 50, source: 'indicator:14', scoring: higher([100, 50], [98, 40], [95, 25]), valueUnit: 'percent', evidenceRequired: false, verify: true },
      ],
    },
    {
      code: '3', titleVi: 'Trẻ em bị xâm hại', titleEn: 'Children abused', verify: true,
      subcriteria: [
        { code: '3.1', titleVi: 'Tỷ lệ trẻ em bị xâm hại trên tổng số trẻ em', titleEn: 'Abused children among all children (%)', maxPoints: 100, source: 'indicator:9', scoring: lower([0, 100], [0.05, 60], [0.1, 30]), valueUnit: 'percent', evidenceRequired: false, verify: true },
      ],
    },
    {
      code: '4', titleVi: 'Trẻ em vi phạm pháp luật, nghiện ma túy', titleEn: 'Children in conflict with the law, using drugs', verify: true,
      subcriteria: [
        { code: '4.1', titleVi: 'Số trẻ em vi phạm pháp luật, nghiện ma túy trong năm', titleEn: 'Children in conflict with the law or addicted (count)', maxPoints: 50, source: 'manual', scoring: lower([0, 50], [1, 30], [2, 15]), valueUnit: 'count', evidenceRequired: false, verify: true },
      ],
    },
    {
      code: '5', titleVi: 'Trẻ em bị tai nạn, thương tích', titleEn: 'Child accidents and injuries', verify: true,
      subcriteria: [
        { code: '5.1', titleVi: 'Tỷ suất trẻ em bị tai nạn thương tích trên 100.000 trẻ em', titleEn: 'Child injuries per 100,000 children', maxPoints: 75, source: 'indicator:11a', scoring: lower([0, 75], [500, 50], [1000, 25]), valueUnit: 'count', evidenceRequired: false, verify: true },
      ],
    },
    {
      code: '6', titleVi: 'Trẻ em có hoàn cảnh đặc biệt được trợ giúp', titleEn: 'Children in special circumstances assisted',
      subcriteria: [
        { code: '6.1', titleVi: 'Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp', titleEn: 'Children in special circumstances assisted (%)', maxPoints: 50, source: 'indicator:8b', scoring: higher([95, 50], [90, 30], [80, 15]), valueUnit: 'percent', evidenceRequired: false, verify: true },
        { code: '6.2', titleVi: 'Tỷ lệ vụ việc trẻ em bị xâm hại tình dục, bỏ rơi, mua bán được Chủ tịch UBND cấp xã phê duyệt kế hoạch can thiệp, hỗ trợ kịp thời', titleEn: 'Sexual abuse, abandonment and trafficking cases with a timely approved intervention plan (%)', maxPoints: 75, source: 'manual', scoring: higher([100, 75]), valueUnit: 'percent', evidenceRequired: true },
      ],
    },
    {
      code: '7', titleVi: 'Trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin thuộc chương trình tiêm chủng mở rộng', titleEn: 'Under-1s fully immunised (expanded programme)',
      subcriteria: [
        { code: '7.1', titleVi: 'Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ', titleEn: 'Under-1s fully immunised (%)', maxPoints: 50, source: 'indicator:5a', scoring: higher([98, 50], [95, 35], [90, 20]), valueUnit: 'percent', evidenceRequired: false, verify: true },
      ],
    },
    {
      code: '8', titleVi: 'Trẻ em dưới 5 tuổi bị suy dinh dưỡng thể nhẹ cân và thể thấp còi', titleEn: 'Under-5 underweight and stunting', verify: true,
      subcriteria: [
        { code: '8.1', titleVi: 'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân', titleEn: 'Under-5 underweight (%)', maxPoints: 50, source: 'indicator:4a', scoring: lower([5, 50], [10, 30], [15, 15]), valueUnit: 'percent', evidenceRequired: false, verify: true },
        { code: '8.2', titleVi: 'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi', titleEn: 'Under-5 stunting (%)', maxPoints: 50, source: 'indicator:4b', scoring: lower([10, 50], [20, 30], [30, 15]), valueUnit: 'percent', evidenceRequired: false, verify: true },
      ],
    },
    {
      code: '9', titleVi: 'Trẻ em được khám sức khỏe định kỳ', titleEn: 'Children with periodic health check-ups', verify: true,
      subcriteria: [
        { code: '9.1', titleVi: 'Tỷ lệ trẻ em được khám sức khỏe định kỳ', titleEn: 'Children with periodic check-ups (%)', maxPoints: 50, source: 'manual', scoring: higher([90, 50], [80, 30], [70, 15]), valueUnit: 'percent', evidenceRequired: false, verify: true },
      ],
    },
    {
      code: '10', titleVi: 'Trẻ em đến trường, lớp mầm non', titleEn: 'Children attending school and pre-school', verify: true,
      subcriteria: [
        { code: '10.1', titleVi: 'Tỷ lệ trẻ em 5 tuổi đi học mẫu giáo', titleEn: '5-year-olds in kindergarten (%)', maxPoints: 40, source: 'indicator:16', scoring: higher([99, 40], [95, 25], [90, 10]), valueUnit: 'percent', evidenceRequired: false, verify: true },
        { code: '10.2', titleVi: 'Tỷ lệ trẻ em bỏ học cấp trung học cơ sở', titleEn: 'Lower-secondary drop-out (%)', maxPoints: 35, source: 'indicator:18b', scoring: lower([1, 35], [2, 20], [3, 10]), valueUnit: 'percent', evidenceRequired: false, verify: true },
      ],
    },
    {
      code: '11', titleVi: 'Trẻ em được thực hiện quyền tham gia của trẻ em', titleEn: "Children's participation", verify: true,
      subcriteria: [
        { code: '11.1', titleVi: 'Tỷ lệ trẻ em từ 7 tuổi trở lên được hỏi ý kiến về các vấn đề liên quan đến trẻ em', titleEn: 'Children aged 7+ consulted (%)', maxPoints: 40, source: 'indicator:22', scoring: higher([70, 40], [50, 20], [30, 10]), valueUnit: 'percent', evidenceRequired: false, verify: true },
        { code: '11.2', titleVi: 'Có diễn đàn, câu lạc bộ hoặc nhóm trẻ em hoạt động', titleEn: "A children's forum, club or group active", maxPoints: 35, source: 'manual', scoring: yesNo(35), valueUnit: 'boolean', evidenceRequired: true, verify: true },
      ],
    },
    {
      code: '12', titleVi: 'Hoạt động vui chơi, giải trí, văn hóa, thể dục, thể thao dành cho trẻ em', titleEn: 'Play, recreation, culture and sport for children', verify: true,
      subcriteria: [
        { code: '12.1', titleVi: 'Có điểm vui chơi, giải trí, hoạt động văn hóa, thể thao cho trẻ em', titleEn: 'A play/culture/sport space for children', maxPoints: 50, source: 'indicator:21', scoring: yesNo(50), valueUnit: 'boolean', evidenceRequired: false, verify: true },
        { code: '12.2', titleVi: 'Tổ chức hoạt động vui chơi, giải trí cho trẻ em dịp hè, lễ, Tết', titleEn: 'Play activities organised in summer and on holidays', maxPoints: 50, source: 'manual', scoring: yesNo(50), valueUnit: 'boolean', evidenceRequired: true, verify: true },
      ],
    },
    {
      code: '13', titleVi: 'Mức độ hài lòng của trẻ em và người dân về việc thực hiện quyền trẻ em', titleEn: "Satisfaction of children and residents with children's rights", verify: true,
      subcriteria: [
        { code: '13.1', titleVi: 'Tỷ lệ trẻ em và người dân được khảo sát hài lòng', titleEn: 'Surveyed children and residents satisfied (%)', maxPoints: 50, source: 'manual', scoring: higher([80, 50], [60, 30], [50, 15]), valueUnit: 'percent', evidenceRequired: true, verify: true },
      ],
    },
  ],
};
