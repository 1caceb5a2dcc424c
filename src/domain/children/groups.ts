/**
 * The groups of children in special circumstances (Luật Trẻ em 2016, Điều 10) and the
 * kinds of risk of falling into them, as DATA: seeded into the table `circumstance_group`
 * where an administrator can correct wording or add the national statistics' subdivisions.
 * `abuse` marks the groups counted by indicator 9 (children abused). Luật Trẻ em 2016, Điều 4
 * khoản 5: "Xâm hại trẻ em là hành vi gây tổn hại về thể chất, tình cảm, tâm lý, danh dự, nhân phẩm
 * của trẻ em dưới các hình thức bạo lực, bóc lột, xâm hại tình dục, mua bán, bỏ rơi, bỏ mặc trẻ em
 * và các hình thức gây tổn hại khác" — so the groups of Điều 10 for violence (9), exploitation
 * (10), sexual abuse (11), trafficking (12) AND abandonment (2, "bỏ rơi") are abuse. Neglect
 * ("bỏ mặc") has no group of its own in Điều 10; the at-risk kinds are not abuse that happened.
 */
/** The law's words for indicator 9's groups, shown beside the indicator. */
export const ABUSE_DEFINITION_VI = 'Trẻ em bị xâm hại (Luật Trẻ em 2016, Điều 4 khoản 5: bạo lực, bóc lột, xâm hại tình dục, mua bán, bỏ rơi, bỏ mặc)';
export interface CircumstanceGroup {
  code: string;
  /** number in Điều 10 (null for the at-risk kinds) */
  number: number | null;
  kind: 'special' | 'at_risk';
  nameVi: string;
  nameEn: string;
  abuse: boolean;
}

export const CIRCUMSTANCE_GROUPS: CircumstanceGroup[] = [
  { code: 'orphan_both', number: 1, kind: 'special', nameVi: 'Trẻ em mồ côi cả cha và mẹ', nameEn: 'Orphaned of both parents', abuse: false },
  { code: 'abandoned', number: 2, kind: 'special', nameVi: 'Trẻ em bị bỏ rơi', nameEn: 'Abandoned', abuse: true },
  { code: 'no_carer', number: 3, kind: 'special', nameVi: 'Trẻ em không nơi nương tựa', nameEn: 'Without anyone to rely on', abuse: false },
  { code: 'disability', number: 4, kind: 'special', nameVi: 'Trẻ em khuyết tật', nameEn: 'With disabilities', abuse: false },
  { code: 'hiv', number: 5, kind: 'special', nameVi: 'Trẻ em nhiễm HIV/AIDS', nameEn: 'Living with HIV/AIDS', abuse: false },
  { code: 'conflict_with_law', number: 6, kind: 'special', nameVi: 'Trẻ em vi phạm pháp luật', nameEn: 'In conflict with the law', abuse: false },
  { code: 'drug_addiction', number: 7, kind: 'special', nameVi: 'Trẻ em nghiện ma túy', nameEn: 'Addicted to drugs', abuse: false },
  { code: 'dropout_to_work', number: 8, kind: 'special', nameVi: 'Trẻ em phải bỏ học kiếm sống chưa hoàn thành phổ cập giáo dục trung học cơ sở', nameEn: 'Forced to leave school to earn a living before finishing lower-secondary education', abuse: false },
  { code: 'violence_harmed', number: 9, kind: 'special', nameVi: 'Trẻ em bị tổn hại nghiêm trọng về thể chất và tinh thần do bị bạo lực', nameEn: 'Seriously harmed physically and mentally by violence', abuse: true },
  { code: 'exploited', number: 10, kind: 'special', nameVi: 'Trẻ em bị bóc lột', nameEn: 'Exploited', abuse: true },
  { code: 'sexually_abused', number: 11, kind: 'special', nameVi: 'Trẻ em bị xâm hại tình dục', nameEn: 'Sexually abused', abuse: true },
  { code: 'trafficked', number: 12, kind: 'special', nameVi: 'Trẻ em bị mua bán', nameEn: 'Trafficked', abuse: true },
  { code: 'serious_illness_poor', number: 13, kind: 'special', nameVi: 'Trẻ em mắc bệnh hiểm nghèo hoặc bệnh phải điều trị dài ngày thuộc hộ nghèo hoặc hộ cận nghèo', nameEn: 'With a life-threatening or long-term illness, from a poor or near-poor household', abuse: false },
  { code: 'migrant_unaccompanied', number: 14, kind: 'special', nameVi: 'Trẻ em di cư, trẻ em lánh nạn, tị nạn chưa xác định được cha mẹ hoặc không có người chăm sóc', nameEn: 'Migrant, displaced or refugee children whose parents are unknown or who have no carer', abuse: false },
  { code: 'risk_violence', number: null, kind: 'at_risk', nameVi: 'Trẻ em có nguy cơ bị bạo lực', nameEn: 'At risk of violence', abuse: false },
  { code: 'risk_sexual_abuse', number: null, kind: 'at_risk', nameVi: 'Trẻ em có nguy cơ bị xâm hại tình dục', nameEn: 'At risk of sexual abuse', abuse: false },
  { code: 'risk_exploitation', number: null, kind: 'at_risk', nameVi: 'Trẻ em có nguy cơ bị bóc lột', nameEn: 'At risk of exploitation', abuse: false },
  { code: 'risk_abandonment', number: null, kind: 'at_risk', nameVi: 'Trẻ em có nguy cơ bị bỏ rơi, bỏ mặc', nameEn: 'At risk of abandonment or neglect', abuse: false },
  { code: 'risk_trafficking', number: null, kind: 'at_risk', nameVi: 'Trẻ em có nguy cơ bị mua bán', nameEn: 'At risk of trafficking', abuse: false },
  { code: 'risk_dropout', number: null, kind: 'at_risk', nameVi: 'Trẻ em có nguy cơ bỏ học', nameEn: 'At risk of dropping out of school', abuse: false },
  { code: 'risk_child_marriage', number: null, kind: 'at_risk', nameVi: 'Trẻ em có nguy cơ tảo hôn', nameEn: 'At risk of child marriage', abuse: false },
  { code: 'risk_other', number: null, kind: 'at_risk', nameVi: 'Trẻ em có nguy cơ khác rơi vào hoàn cảnh đặc biệt', nameEn: 'Other risk of falling into special circumstances', abuse: false },
];

export const SUPPORT_KINDS = ['care', 'nurture', 'assistance'] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];
export const SUPPORT_KIND_VI: Record<SupportKind, string> = { care: 'Chăm sóc', nurture: 'Nuôi dưỡng', assistance: 'Trợ giúp' };
