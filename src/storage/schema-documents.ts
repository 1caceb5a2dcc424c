/** Tables of the documents & exchange migrations 030–039 (augments src/storage/schema.ts). */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

export interface ReportNarrativeTable {
  id: Generated<number>;
  unit_id: number;
  plan_id: number;
  year: number;
  kind: string;
  number: string | null;
  place: string | null;
  report_date: string | null;
  sections: Json<{ title: string; text: string }[]>;
  recipients: Json<string[]>;
  signer: Json<{ onBehalfOf?: string | null; signingFor?: string | null; title: string; name: string } | null>;
  version: Generated<number>;
  updated_at: Generated<Date>;
  updated_by: number | null;
}
export interface ExchangeElementMapTable {
  id: Generated<number>;
  measure_code: string;
  group_key: string | null;
  part: ColumnType<string, string | undefined, string>;
  data_element: string;
  category_option_combo: string | null;
  adx_categories: Json<Record<string, string>>;
  note: string | null;
  updated_at: Generated<Date>;
}
export interface ExchangeOrgUnitMapTable {
  id: Generated<number>;
  unit_id: number;
  org_unit: string;
  note: string | null;
  updated_at: Generated<Date>;
}
export interface ExchangeSettingTable {
  key: string;
  value: string | null;
}

declare module './schema.ts' {
  interface Database {
    report_narrative: ReportNarrativeTable;
    exchange_element_map: ExchangeElementMapTable;
    exchange_org_unit_map: ExchangeOrgUnitMapTable;
    exchange_setting: ExchangeSettingTable;
  }
}
