/** Role names as shown to people (the server's list: GET /api/roles). */
export const ROLE_LABELS: Record<string, { vi: string; en: string }> = {
  system_admin: { vi: 'Quản trị hệ thống', en: 'System administrator' },
  unit_officer: { vi: 'Cán bộ đơn vị', en: 'Unit officer' },
  agency_reporter: { vi: 'Cán bộ báo cáo của cơ quan', en: 'Agency reporter' },
  leader: { vi: 'Lãnh đạo', en: 'Leader' },
  viewer: { vi: 'Người xem', en: 'Viewer' },
  case_worker: { vi: 'Cán bộ quản lý trường hợp', en: 'Case worker' },
  cp_supervisor: { vi: 'Giám sát bảo vệ trẻ em', en: 'Child-protection supervisor' },
  cff_assessor: { vi: 'Cán bộ đánh giá xã phù hợp với trẻ em', en: 'Child-friendly commune assessor' },
  api_token: { vi: 'Mã truy cập API', en: 'API token' },
};

export function roleLabel(role: string, lang: 'vi' | 'en'): string {
  return ROLE_LABELS[role]?.[lang] ?? role;
}
