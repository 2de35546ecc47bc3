// Typed wrappers of the REST operations the app uses, named after their operationIds in
// docs/openapi.yaml. Nothing here interprets the answers.
import { request } from './client';
import type {
  BackTest,
  ClearanceReport,
  Criterion,
  CriterionRequest,
  DeclarationLedger,
  ExpressionCheck,
  RevenueReport,
  RiskField,
  RiskReport,
  UnitValueReference,
} from './officerTypes';
import type {
  Basemap,
  CloseOutcome,
  Fix,
  Journey,
  JourneyEvent,
  Position,
  RouteEntry,
  SealCheck,
  TransitAlert,
} from './trackingTypes';
import type {
  ActionOption,
  ApiKey,
  ApiKeyScope,
  CodeList,
  CreatedApiKey,
  CodeListName,
  ControlType,
  Debt,
  Declaration,
  DeclarationAssessment,
  DeclarationPage,
  DeclarationResource,
  DeclarationSummary,
  HsSuggestions,
  ImportResult,
  Inspection,
  InspectionRequest,
  ItemCorrection,
  Lane,
  LoginResponse,
  NewUser,
  NotificationPage,
  OfficerAction,
  OfficialExchangeRate,
  Organisation,
  PaymentOrder,
  PublicConfig,
  RiskDecision,
  SecurityEvent,
  Settlement,
  State,
  TraderProfile,
  Transition,
  UserAccount,
  UserPatch,
} from './types';

const ref = (r: string | number) => encodeURIComponent(String(r));

export const login = (username: string, password: string, otp?: string) =>
  request<LoginResponse>('POST', '/v1/auth/login', { body: otp ? { username, password, otp } : { username, password } });
export const logout = () => request<void>('POST', '/v1/auth/logout');

export const getConfig = (signal?: AbortSignal) => request<PublicConfig>('GET', '/v1/config', { signal });

/** Open work of a worklist: the API takes several states separated by commas. */
export const OPEN_STATES: State[] = ['registered', 'under_control', 'held'];

export interface DeclarationFilter {
  /** One state, or several separated by commas. */
  state?: string;
  /** Part of the LRN or MRN, or words of the invoice, parties, goods, documents or containers. */
  q?: string;
  lane?: Lane | '';
  office?: string;
  type?: string;
  lrn?: string;
  mrn?: string;
  declarant?: string;
  from?: string;
  to?: string;
  cursor?: string | null;
  limit?: number;
}
export const listDeclarations = (f: DeclarationFilter, signal?: AbortSignal) =>
  request<DeclarationPage>('GET', '/v1/declarations', { query: { ...f }, signal });

export const lodgeDeclaration = (d: unknown, draft = false) =>
  request<DeclarationSummary>('POST', '/v1/declarations', { body: d, query: draft ? { draft: 'true' } : {} });

/** A CSV file in the import format (docs/import-csv.md), lodged as it is: the server reads it. */
export const importDeclarationsCsv = (csv: Blob | string) =>
  request<ImportResult>('POST', '/v1/declarations/import', { raw: { type: 'text/csv', data: csv } });

export const getCodeList = (list: CodeListName, lang: string, signal?: AbortSignal) =>
  request<CodeList>('GET', `/v1/code-lists/${ref(list)}`, { query: { lang }, signal });

export const getDeclaration = (r: string | number, signal?: AbortSignal) =>
  request<DeclarationResource>('GET', `/v1/declarations/${ref(r)}`, { signal });

export const getHistory = (r: string | number, signal?: AbortSignal) =>
  request<{ transitions: Transition[]; journey_events?: JourneyEvent[] }>('GET', `/v1/declarations/${ref(r)}/history`, {
    signal,
  });

export const getAssessment = (r: string | number, signal?: AbortSignal) =>
  request<DeclarationAssessment>('GET', `/v1/declarations/${ref(r)}/assessment`, { signal });

export const getDebt = (r: string | number, signal?: AbortSignal) =>
  request<Debt>('GET', `/v1/declarations/${ref(r)}/debt`, { signal });

export const payWithDemoBank = (order: string) =>
  request<Settlement>('POST', `/v1/payment-orders/${ref(order)}/demo-bank`);

export const getPaymentOrder = (order: string) => request<PaymentOrder>('GET', `/v1/payment-orders/${ref(order)}`);

export const cancelDeclaration = (r: string | number, reason: string) =>
  request<DeclarationSummary>('POST', `/v1/declarations/${ref(r)}/cancellation`, { body: reason ? { reason } : {} });

export const amendDeclaration = (r: string | number, reasonCode: string, reason: string, declaration: Declaration) =>
  request<DeclarationSummary>('POST', `/v1/declarations/${ref(r)}/amendments`, {
    body: { reason_code: reasonCode, reason, declaration },
  });

export const actOnDeclaration = (r: string | number, action: OfficerAction | 'submit', reason: string, control?: ControlType) =>
  request<DeclarationSummary>('POST', `/v1/declarations/${ref(r)}/actions`, {
    body: { action, ...(control ? { control } : {}), ...(reason ? { reason } : {}) },
  });

export const listNotifications = (after?: string, limit = 200, declaration?: number, signal?: AbortSignal) =>
  request<NotificationPage>('GET', '/v1/notifications', { query: { after, limit, declaration }, signal });

/** Newest first; `before` is the previous page's next_cursor. */
export const listNotificationsNewest = (before: string | undefined, limit: number, declaration?: number, signal?: AbortSignal) =>
  request<NotificationPage>('GET', '/v1/notifications', { query: { order: 'newest', before, limit, declaration }, signal });

export const listDeclarationActions = (r: string | number, signal?: AbortSignal) =>
  request<{ actions: ActionOption[] }>('GET', `/v1/declarations/${ref(r)}/actions`, { signal });

export const createCorrection = (r: string | number, reason: string, items: ItemCorrection[]) =>
  request<DeclarationSummary>('POST', `/v1/declarations/${ref(r)}/corrections`, { body: { reason, items } });

export const suggestHsCodes = (text: string, k: number, signal?: AbortSignal) =>
  request<HsSuggestions>('POST', '/v1/hs/suggest', { body: { text, k }, signal });

export const getRiskDecision = (r: string | number, signal?: AbortSignal) =>
  request<RiskDecision>('GET', `/v1/declarations/${ref(r)}/risk`, { signal });

export const getTraderProfile = (tin: string, signal?: AbortSignal) =>
  request<TraderProfile>('GET', `/v1/traders/${ref(tin)}/profile`, { signal });

export const recordInspection = (r: string | number, body: InspectionRequest) =>
  request<DeclarationSummary>('POST', `/v1/declarations/${ref(r)}/inspection`, { body });

export const listInspections = (r: string | number, signal?: AbortSignal) =>
  request<{ items: Inspection[] }>('GET', `/v1/declarations/${ref(r)}/inspections`, { signal });

// ---- Officer console: reports, criteria, ledger ----

export const getRiskReport = (from: string, to: string, signal?: AbortSignal) =>
  request<RiskReport>('GET', '/v1/reports/risk', { query: { from, to }, signal });

export const getRevenueReport = (from: string, to: string, office: string, signal?: AbortSignal) =>
  request<RevenueReport>('GET', '/v1/reports/revenue', { query: { from, to, office }, signal });

export const getClearanceReport = (from: string, to: string, office: string, signal?: AbortSignal) =>
  request<ClearanceReport>('GET', '/v1/reports/clearance', { query: { from, to, office }, signal });

/** The organisation customs registered with this TIN (a trader reads its own). */
export const getOrganisation = (tin: string, signal?: AbortSignal) =>
  request<Organisation>('GET', `/v1/organisations/${ref(tin)}`, { signal });

/** The official rate of `currency` in the national currency today (404 when there is none). */
export const getOfficialExchangeRate = (currency: string, signal?: AbortSignal) =>
  request<OfficialExchangeRate>('GET', '/v1/reference/exchange-rates', { query: { currency }, signal });

export const getReferenceUnitValues = (hs: string, origin: string, buckets: number, signal?: AbortSignal) =>
  request<UnitValueReference>('GET', '/v1/reference/unit-values', { query: { hs, origin, buckets }, signal });

export const listCriteria = (signal?: AbortSignal) => request<{ items: Criterion[] }>('GET', '/v1/risk/criteria', { signal });

export const listRiskFields = (signal?: AbortSignal) => request<{ items: RiskField[] }>('GET', '/v1/risk/fields', { signal });

export const checkExpression = (expression: string, signal?: AbortSignal) =>
  request<ExpressionCheck>('POST', '/v1/risk/expressions/check', { body: { expression }, signal });

export const backTest = (expression: string, selectionPercent: number, days: number) =>
  request<BackTest>('POST', '/v1/risk/backtest', { body: { expression, selection_percent: selectionPercent, days } });

export const createCriterion = (c: CriterionRequest) => request<Criterion & { warnings?: string[] }>('POST', '/v1/risk/criteria', { body: c });

export const approveCriterion = (id: string, version: number) =>
  request<Criterion>('POST', `/v1/risk/criteria/${ref(id)}/approve`, { body: { version } });

export const retireCriterion = (id: string) => request<Criterion>('POST', `/v1/risk/criteria/${ref(id)}/retire`);

export const getDeclarationLedger = (r: string | number, signal?: AbortSignal) =>
  request<DeclarationLedger>('GET', `/v1/declarations/${ref(r)}/ledger`, { signal });

// ---- Accounts (administrators) ----

export const listUsers = (signal?: AbortSignal) => request<{ users: UserAccount[] }>('GET', '/v1/users', { signal });

export const createUser = (u: NewUser) => request<UserAccount>('POST', '/v1/users', { body: u });

/** 409 own_account when administrators would disable or demote themselves. */
export const updateUser = (id: number, patch: UserPatch) => request<UserAccount>('PATCH', `/v1/users/${ref(id)}`, { body: patch });

/** Sets a new password and ends the user's sessions (204). */
export const resetUserPassword = (id: number, password: string) =>
  request<void>('PUT', `/v1/users/${ref(id)}/password`, { body: { password } });

/** Clears failed sign-ins and a lockout; with `removeTotp`, the second factor too. */
export const unlockUser = (id: number, removeTotp = false) =>
  request<UserAccount>('POST', `/v1/users/${ref(id)}/unlock`, { body: removeTotp ? { remove_totp: true } : {} });

/** `userId` 0: everyone's keys (administrators); undefined: the caller's own. */
export const listApiKeys = (userId?: number, signal?: AbortSignal) =>
  request<{ items: ApiKey[] }>('GET', '/v1/api-keys', { query: { user_id: userId }, signal });

/** The answer holds the key, shown this once. The API reads `user_id` as a string. */
export const createApiKey = (name: string, userId?: number, scope?: ApiKeyScope) =>
  request<CreatedApiKey>('POST', '/v1/api-keys', {
    body: { name, ...(userId !== undefined ? { user_id: String(userId) } : {}), ...(scope ? { scope } : {}) },
  });

export const revokeApiKey = (id: number) => request<ApiKey>('DELETE', `/v1/api-keys/${ref(id)}`);

/** Oldest first: `after` is the id of the last event read. */
export const listSecurityEvents = (after: number, limit: number, signal?: AbortSignal) =>
  request<{ items: SecurityEvent[] }>('GET', '/v1/security-events', { query: { after: after || undefined, limit }, signal });

// ---- Cargo tracking: routes, journeys, positions, alerts ----

/** 404 `no_basemap` when the server has no shapes: the map is then drawn without a background. */
export const getBasemap = (signal?: AbortSignal) => request<Basemap>('GET', '/v1/tracking/basemap', { signal });

export const listRoutes = (geometry: boolean, signal?: AbortSignal) =>
  request<{ items: RouteEntry[] }>('GET', '/v1/routes', { query: { geometry: geometry ? 'true' : undefined }, signal });

export const listOpenJourneys = (signal?: AbortSignal) =>
  request<{ items: Journey[] }>('GET', '/v1/journeys', { query: { open: 'true', limit: 1000 }, signal });

export const getJourney = (id: string | number, signal?: AbortSignal) => request<Journey>('GET', `/v1/journeys/${ref(id)}`, { signal });

/** Oldest first. */
export const getJourneyTrack = (id: string | number, signal?: AbortSignal) =>
  request<{ items: Fix[] }>('GET', `/v1/journeys/${ref(id)}/track`, { query: { limit: 100000 }, signal });

export const listJourneyAlerts = (id: string | number, signal?: AbortSignal) =>
  request<{ items: TransitAlert[] }>('GET', `/v1/journeys/${ref(id)}/alerts`, { signal });

/** The last fix of each device of each open journey. */
export const listPositions = (signal?: AbortSignal) => request<{ items: Position[] }>('GET', '/v1/tracking/positions', { signal });

export const listUnresolvedAlerts = (signal?: AbortSignal) =>
  request<{ items: TransitAlert[] }>('GET', '/v1/tracking/alerts', { query: { unresolved: 'true', limit: 1000 }, signal });

export const acknowledgeAlert = (id: number, note: string) =>
  request<TransitAlert>('POST', `/v1/tracking/alerts/${ref(id)}/acknowledge`, { body: note ? { note } : {} });

/** The note is required (422 note_required). */
export const resolveAlert = (id: number, note: string) =>
  request<TransitAlert>('POST', `/v1/tracking/alerts/${ref(id)}/resolve`, { body: { note } });

/** 409 journey_closed when it is already discharged or in enquiry. */
export const closeJourney = (id: number, sealChecks: SealCheck[], note: string) =>
  request<CloseOutcome>('POST', `/v1/journeys/${ref(id)}/close`, { body: { seal_checks: sealChecks, note } });
