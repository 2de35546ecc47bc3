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
  /** Each day's tally per source of selection. */
  hits_by_day: ({ day: string } & Record<SelectionSource, Tally>)[];
  /** Criteria that matched in the period (VALUATION, CLASSIFICATION: pseudo-criteria, no name). */
  criteria: CriterionTally[];
  models: { version: string; role: 'active' | 'shadow'; scored: number; inspected: number; hits: number; auc: number | null; evaluated_auc: number | null; evaluated_rows: number }[];
}
export type SelectionSource = 'rule' | 'model' | 'random' | 'none';
export interface CriterionTally {
  id: string;
  name: string;
  matched: number;
  /** Of the matched, selected by the criterion's percentage. */
  declarations: number;
  inspected: number;
  hits: number;
  hit_rate: number | null;
  /** The days it selected declarations, each with its tally (its hit rate over time). */
  by_day: CriterionDay[];
}
export interface CriterionDay {
  day: string;
  declarations: number;
  inspected: number;
  hits: number;
  hit_rate: number | null;
}

/** GET /v1/reports/clearance: registration to release, in seconds. */
export interface ClearanceFigures {
  released: number;
  p50_s: number;
  p90_s: number;
  mean_s: number;
  max_s: number;
  /** Shortest first; `up_to_s` null is everything longer than the previous bucket. */
  histogram: { up_to_s: number | null; released: number }[];
}
export type ClearanceLane = Lane | 'undecided';
export interface ClearanceReport {
  from: string;
  to: string;
  office?: string;
  total: ClearanceFigures;
  lanes: Partial<Record<ClearanceLane, ClearanceFigures>>;
}

/** GET /v1/reference/unit-values: national currency per kg, log-spaced buckets. */
export interface UnitValueReference {
  hs: string;
  origin: string | null;
  basis: 'hs6+origin' | 'hs6' | null;
  currency: string;
  unit: string;
  days: number;
  observations: number;
  q1: number | null;
  median: number | null;
  q3: number | null;
  histogram: { lower: number; upper: number; count: number }[];
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
  /** The description in the administration's other languages. */
  descriptions: Partial<Record<'ru' | 'uz', string>>;
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
  descriptions?: Partial<Record<'ru' | 'uz', string>>;
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
