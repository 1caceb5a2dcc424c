/**
 * National ministries as agencies of the nation unit (lead agencies of the national programme).
 * From 1 March 2025 MOLISA was dissolved: children's affairs went to the Ministry of Health,
 * labour to the Ministry of Home Affairs (shared/domain/reform-2025.md).
 */
import type { Sector } from '../../../domain/model.ts';

export interface MinistrySeed {
  name: string;
  shortName: string;
  sector: Sector;
  validTo?: string;
}

export const MOLISA_END = '2025-03-01';

export const MINISTRIES: MinistrySeed[] = [
  { name: 'Bộ Lao động - Thương binh và Xã hội', shortName: 'Bộ LĐTBXH', sector: 'labour_social', validTo: MOLISA_END },
  { name: 'Bộ Y tế', shortName: 'Bộ YT', sector: 'health' },
  { name: 'Bộ Giáo dục và Đào tạo', shortName: 'Bộ GDĐT', sector: 'education' },
  { name: 'Bộ Tư pháp', shortName: 'Bộ TP', sector: 'justice' },
  { name: 'Bộ Công an', shortName: 'Bộ CA', sector: 'police' },
  { name: 'Bộ Văn hóa, Thể thao và Du lịch', shortName: 'Bộ VHTTDL', sector: 'culture' },
  { name: 'Bộ Nội vụ', shortName: 'Bộ NV', sector: 'home_affairs' },
];

/** MOLISA's successors on 1 March 2025: children's affairs → Health; labour → Home Affairs. */
export const MOLISA_SUCCESSORS = [
  { name: 'Bộ Y tế', note: 'Công tác trẻ em, bảo trợ xã hội, trợ giúp xã hội chuyển sang Bộ Y tế từ 01/03/2025.' },
  { name: 'Bộ Nội vụ', note: 'Lĩnh vực lao động, việc làm chuyển sang Bộ Nội vụ từ 01/03/2025.' },
];
