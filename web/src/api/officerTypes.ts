// Types of the officer console's operations (reports, risk criteria, ledger), from docs/openapi.yaml.
import type { Lane, TaxType } from './types';

// ---- Reports and criteria (officer console) ----

export interface Tally {
  declarations: number;
  inspected: number;
  hits: number;
  hit_rate: number | null;
}
export interface RiskReport {
  from: string;
  to: string;
  total: Tally;
  lanes: Partial<Record<Lane, Tally>>;
  sources: Record<string, Tally>;
  by_day: { day: string; red: number; yellow: number; blue: number; green: number }[];
  models: { version: string; role: 'active' | 'shadow'; scored: number; inspected: number; hits: number; auc: number | null }[];
}
export interface RevenueSums {
  collected: string;
  refunded: string;
  net: string;
}
export interface RevenueReport {
  from: string;
  to: string;
  office: string | null;
  currency: string;
  rows: { day: string; office: string; tax: TaxType; collected: string; refunded: string; net: string }[];
  by_tax: Record<string, RevenueSums>;
  by_office: Record<string, RevenueSums>;
  by_day: Record<string, RevenueSums>;
  total: RevenueSums;
}
export interface Criterion {
  id: string;
  version: number;
  name: string;
  expression: string;
  lane: Lane;
  selection_percent: number;
  priority: number;
  valid_from: string | null;
  valid_to: string | null;
  description: string;
  status: 'pending' | 'active' | 'superseded' | 'retired';
  created_by: string;
  created_at: string;
  approved_by?: string;
  fired: number;
  inspected: number;
  hits: number;
  hit_rate: number | null;
}
export interface CriterionRequest {
  name: string;
  expression: string;
  lane: Lane;
  selection_percent: number;
  priority: number;
  description: string;
}
export interface ExpressionCheck {
  ok: boolean;
  canonical?: string;
  fields?: string[];
  position?: number;
  column?: number;
  message?: string;
  warnings: string[];
}
export interface BackTest {
  days: number;
  declarations: number;
  matched: number;
  selected: number;
  inspected: number;
  hits: number;
  match_share: number;
  hit_rate: number | null;
  warnings: string[];
}
export interface RiskField {
  name: string;
  type: string;
  description: string;
}
export interface DeclarationLedger {
  declaration_id: number;
  tree_size: number;
  checkpoint: string;
  entries: { index: number; type: string; data: string; hashes: string[] }[];
}
