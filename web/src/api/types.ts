// Types of the public REST API, as described in docs/openapi.yaml. Only the members the app
// reads are listed; decimals are strings, exactly as the API sends them.

export type Role = 'trader' | 'risk_officer' | 'inspection_officer' | 'supervisor' | 'admin';
export type Lane = 'green' | 'blue' | 'yellow' | 'red';
export const LANES: readonly Lane[] = ['green', 'blue', 'yellow', 'red'];
export type State =
  | 'draft'
  | 'submitted'
  | 'registered'
  | 'rejected'
  | 'under_control'
  | 'assessed'
  | 'released'
  | 'exited'
  | 'held'
  | 'detained'
  | 'cancelled'
  | 'invalidated';
export const STATES: readonly State[] = [
  'draft',
  'submitted',
  'registered',
  'rejected',
  'under_control',
  'assessed',
  'released',
  'exited',
  'held',
  'detained',
  'cancelled',
  'invalidated',
];
export type DeclarationType = 'IM' | 'EX' | 'TR';
export type ControlType = 'documentary' | 'physical';
export type TaxType = 'duty' | 'additional_duty' | 'excise' | 'vat' | 'fee';

export interface Principal {
  user_id: number;
  username: string;
  role: Role;
  org_tin?: string;
}

/** GET /v1/config: the administration's settings (public). */
export interface PublicConfig {
  country: string;
  currency: string;
  languages: string[];
  /** For comparison only: a verifier pins the key from the administration's published documents. */
  ledger?: { origin: string; verifier_key: string };
  /** Demo data: its accounts share a published password, which the sign-in page shows. */
  demo?: boolean;
}

export interface LoginResponse {
  token: string;
  token_type: 'Bearer';
  expires_at: string;
  user: Principal;
}

/** One problem with one element of a submitted document (RFC 6901 pointer). */
export interface FieldError {
  pointer: string;
  code: string;
  /** In the language asked for (Accept-Language) where the server has a wording of the code. */
  message: string;
  /** The English message, naming the values, when `message` was worded in another language. */
  message_en?: string;
}

/** RFC 9457 problem details, as every error answer of the API. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  current_state?: State;
  position?: number;
  column?: number;
  expression?: string;
}

// ---- Declaration documents (the lodgement body) ----

export interface Address {
  street?: string;
  city?: string;
  postcode?: string;
  country: string;
}
export interface Party {
  tin: string;
  name: string;
  address: Address;
}
export interface Commodity {
  hs: string;
  national?: string;
}
export interface GoodsItem {
  seq: number;
  description: string;
  commodity: Commodity;
  origin: string;
  preferential_origin?: string;
  net_mass: string;
  gross_mass: string;
  supplementary?: { quantity: string; unit: string };
  price: string;
  valuation_method: string;
  packages?: { count: number; kind: string; marks?: string }[];
  documents?: { type: string; id: string; issuer?: string; date?: string }[];
}
export interface Declaration {
  lrn: string;
  type: DeclarationType;
  procedure: string;
  office: string;
  issue_date: string;
  parties: {
    declarant: Party;
    importer?: Party;
    exporter?: Party;
    seller?: Party;
    buyer?: Party;
    [role: string]: Party | undefined;
  };
  transport: { border_mode: string; means_id?: string; means_nationality?: string; containers?: string[]; seals?: string[] };
  locations?: Record<string, string>;
  invoice: {
    number: string;
    date: string;
    currency: string;
    total: string;
    incoterm: string;
    incoterm_place?: string;
  };
  freight?: { amount: string; currency: string };
  insurance?: { amount: string; currency: string };
  exchange_rates?: { currency: string; rate: string; date?: string }[];
  documents?: { type: string; id: string; issuer?: string; date?: string }[];
  items: GoodsItem[];
}

// ---- Declarations as the API reports them ----

export interface DeclarationSummary {
  id: number;
  lrn: string;
  mrn: string | null;
  type: DeclarationType;
  state: State;
  cusres: string;
  version: number;
  declarant_tin: string;
  representative_tin?: string;
  lane: Lane | null;
  office: string;
  item_count: number;
  invoice_total: string;
  invoice_currency: string;
  control?: ControlType;
  resumes_to?: State;
  created_at: string;
  updated_at: string;
  /** Present on lodgement answers with accepted warnings. */
  warnings?: FieldError[];
}

export interface DeclarationResource extends DeclarationSummary {
  declaration: Declaration | null;
  /** The nomenclature's text of each item's heading (4 digits) and subheading (6), by code. */
  commodity_texts?: Record<string, string>;
}

/** A text the server generates, as a code with parameters (translated here) and its English wording. */
export interface ServerMessage {
  code: string;
  params: Record<string, string>;
  message: string;
}

/** GET /v1/declarations/{ref}/actions: a move the caller may request, allowed now or not. */
export interface ActionOption {
  action: OfficerAction | 'submit' | 'amend' | 'cancel' | 'correct';
  control?: ControlType;
  allowed: boolean;
  reasons: ServerMessage[];
}

/** POST /v1/declarations/{ref}/corrections */
export interface ItemCorrection {
  item: number;
  hs_code?: string;
  origin?: string;
  net_mass?: string;
  gross_mass?: string;
  supplementary_quantity?: string;
  price?: string;
}

export interface DeclarationPage {
  items: DeclarationSummary[];
  next_cursor: string | null;
}

export interface Transition {
  seq: number;
  action: string;
  from: State;
  to: State;
  control?: ControlType;
  cusres: string;
  actor: string;
  reason: string;
  /** Why customs chose the lane: present for customs readers only. */
  internal_reason?: string;
  /** Reasons the system worded carry a code the app translates. */
  reason_code?: string;
  version: number;
  at: string;
}

export interface Notification {
  seq: number;
  declaration_id: number;
  mrn: string;
  lrn: string;
  org_tin: string;
  action: string;
  state: State;
  control?: ControlType;
  cusres: string;
  reason: string;
  reason_code?: string;
  at: string;
}
export interface NotificationPage {
  events: Notification[];
  next_cursor: string;
  /** newest-first pages: whether older events may follow */
  more?: boolean;
}

// ---- Duties, debt and payment ----

export interface DutyLine {
  kind: TaxType;
  measure_id: string;
  legal_ref: string;
  description: string;
  base: string;
  rate: string;
  amount: string;
}
export interface AssessmentItem {
  seq: number;
  code: string;
  customs_value: string;
  lines: DutyLine[];
  total: string;
  notes: string[];
}
export interface DeclarationAssessment {
  schedule: string;
  currency: string;
  acceptance_date: string;
  version: number;
  customs_value: string;
  items: AssessmentItem[];
  declaration_lines: DutyLine[];
  totals_by_tax: Partial<Record<TaxType, string>>;
  total: string;
  payable?: string;
  secured?: string;
  officer_review: boolean;
  notes: string[];
}

export interface TaxAmount {
  tax: TaxType;
  amount: string;
}
export interface PaymentOrder {
  reference: string;
  declaration_id: number;
  mrn: string;
  currency: string;
  amount: string;
  lines: TaxAmount[];
  status: 'open' | 'paid' | 'cancelled';
  created_at: string;
  method?: 'bank' | 'deferred';
  settled_by?: string;
  receipt?: string;
  settled_at?: string;
}
export interface Receipt {
  number: string;
  kind: string;
  reference: string;
  currency: string;
  amount: string;
  details: string;
  issued_at: string;
}
export interface Debt {
  declaration_id: number;
  mrn: string;
  state: State;
  version: number;
  assessed_version: number | null;
  currency?: string;
  assessed?: string;
  settled?: string;
  outstanding?: string;
  to_secure?: string;
  lines?: { tax: TaxType; assessed: string; settled: string; outstanding: string; secured: boolean }[];
  orders: PaymentOrder[];
  receipts: Receipt[];
  releasable: boolean;
  release_blockers: ServerMessage[];
}
export interface Settlement {
  receipt: Receipt;
  replay: boolean;
  order?: PaymentOrder;
}

// ---- Classification ----

export interface HsSuggestion {
  code: string;
  confidence: number;
  score: number;
  path: { code: string; description: string }[];
}
export interface HsSuggestions {
  text: string;
  k: number;
  too_vague: boolean;
  reason?: string;
  advice?: string;
  suggestions: HsSuggestion[];
}

// ---- Risk ----

export interface FiredCriterion {
  id: string;
  version: number;
  lane: Lane;
  priority: number;
  selected: boolean;
  description: string;
  /** The description in other languages, where its author wrote them. */
  descriptions?: Partial<Record<string, string>>;
}
export type ItemValuation =
  | {
      ratio: number | null;
      median: number;
      q1: number;
      q3: number;
      observations: number;
      basis: 'hs6+origin' | 'hs6';
      undervalued: boolean;
    }
  | { reference: null; observations: number };
export interface RiskDecisionItem {
  seq: number;
  hs: string;
  origin: string;
  customs_value?: number;
  unit_value?: number;
  score?: number;
  valuation: ItemValuation;
}
export interface ModelExplanation {
  item?: number;
  score?: number;
  base?: number;
  top?: { feature: string; value: number | null; contribution: number }[];
}
export interface RiskDecision {
  declaration_id: number;
  version: number;
  lane: Lane;
  source: 'rule' | 'random' | 'model' | null;
  score: number | null;
  threshold: number | null;
  model_version: string | null;
  criteria: FiredCriterion[];
  /** The decision in words: the server words them in the language the app asks for. */
  reasons: ServerMessage[];
  accountable_tin: string;
  decided_at: string;
  items: RiskDecisionItem[];
  explanation: ModelExplanation;
  thresholds: { red: number | null; yellow: number | null; blue: number | null };
  matched_not_selected: string[];
}
export interface TraderProfile {
  tin: string;
  declarations: number;
  inspections: number;
  hits: number;
  hit_rate: number | null;
  /** Customs readers only. */
  smoothed_hit_rate?: number;
  first_declaration: string | null;
  last_declaration: string | null;
  last_hit: string | null;
  aeo: boolean;
}
export type InspectionOutcome = 'no_discrepancy' | 'discrepancy' | 'seizure';
export interface InspectionRequest {
  outcome: InspectionOutcome;
  kind?: string;
  additional_revenue?: string;
  notes?: string;
}
export interface Inspection {
  id: number;
  declaration_id: number;
  outcome: InspectionOutcome;
  kind: string;
  additional_revenue: string;
  notes: string;
  officer: string;
  at: string;
}
export type OfficerAction = 'control' | 'assess' | 'release' | 'exit' | 'hold' | 'unhold' | 'detain' | 'lift_detention' | 'invalidate';

/** POST /v1/declarations/import: each declaration of the CSV file, in the order of the file. */
export type ImportOutcomeKind = 'lodged' | 'replayed' | 'rejected';
export interface ImportLineError extends FieldError {
  /** The CSV line of the row the error belongs to. */
  line: number;
}
export interface ImportOutcome {
  lrn: string;
  /** The declaration's first CSV line. */
  line: number;
  outcome: ImportOutcomeKind;
  /** When lodged or replayed. */
  declaration?: DeclarationSummary;
  /** When rejected: the problem code and message, and the errors by CSV line. */
  code?: string;
  message?: string;
  errors?: ImportLineError[];
}
export interface ImportResult {
  declarations: number;
  lodged: number;
  replayed: number;
  rejected: number;
  items: ImportOutcome[];
}

/** GET /v1/code-lists/{list}. */
export type CodeListName =
  | 'countries'
  | 'currencies'
  | 'units'
  | 'document-types'
  | 'offices'
  | 'package-kinds'
  | 'incoterms'
  | 'transport-modes'
  | 'procedures'
  | 'valuation-methods'
  | 'representative-statuses';
/** `code` and `name`, and list-specific columns as strings (`roles` of offices, space-separated;
 *  `declaration_types` of procedures; `dimension` of units; …). */
export interface CodeListItem {
  code: string;
  name: string;
  [column: string]: string;
}
export interface CodeList {
  list: CodeListName;
  lang: string;
  items: CodeListItem[];
}

/** GET /v1/reference/exchange-rates: one unit of `currency` in `to` on `date`. */
export interface OfficialExchangeRate {
  currency: string;
  to: string;
  date: string;
  rate: string;
  valid_from: string | null;
  valid_to: string | null;
}

/** GET /v1/organisations/{tin}: a trader organisation as customs registered it. */
export interface Organisation {
  tin: string;
  name: string;
  address: { street: string; city: string; postcode: string; country: string };
  updated_at: string;
  updated_by: string;
}

// ---- Accounts (administrators): users, API keys, the security log ----

export const ROLES: readonly Role[] = ['trader', 'risk_officer', 'inspection_officer', 'supervisor', 'admin'];

/** GET /v1/users: a user account as an administrator sees it. */
export interface UserAccount {
  id: number;
  username: string;
  role: Role;
  /** Trader accounts: the organisation they act for. */
  org_tin?: string;
  created_at: string;
  disabled: boolean;
  disabled_at?: string;
  /** Whether the user signs in with a second factor (an authenticator app). */
  totp_enabled: boolean;
  /** Failed sign-ins since the last successful one. */
  failed_logins: number;
  /** Present while sign-ins are refused after too many failures. */
  locked_until?: string;
}

/** POST /v1/users. */
export interface NewUser {
  username: string;
  role: Role;
  org_tin?: string;
  password: string;
}

/** PATCH /v1/users/{id}: only the members given change. */
export interface UserPatch {
  role?: Role;
  /** Empty: no organisation (every role but trader). */
  org_tin?: string;
  disabled?: boolean;
}

export type ApiKeyScope = 'read' | 'full';
export interface ApiKey {
  id: number;
  name: string;
  user_id: number;
  scope: ApiKeyScope;
  created_at: string;
  revoked: boolean;
  revoked_at?: string;
}
/** POST /v1/api-keys: the key itself is in this answer only. */
export interface CreatedApiKey extends ApiKey {
  key: string;
}

/** The kinds of security event the server records (others may be added: show them raw). */
export const SECURITY_EVENT_KINDS = [
  'login_succeeded',
  'login_failed',
  'login_refused',
  'account_locked',
  'logout',
  'password_changed',
  'password_reset',
  'user_created',
  'user_changed',
  'user_unlocked',
  'totp_enabled',
  'api_key_created',
  'api_key_revoked',
] as const;
export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

/** GET /v1/security-events: oldest first, paged by `after` (the last id read). */
export interface SecurityEvent {
  id: number;
  at: string;
  kind: SecurityEventKind | string;
  /** The account concerned (as typed, for a failed sign-in). */
  username: string;
  user_id?: number;
  /** Who did it, when not the user (an administrator). */
  actor?: string;
  address: string;
  detail?: string;
}
