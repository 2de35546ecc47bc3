#include "store/sqlite_schema.h"

#include <string>
#include <vector>

#include "common/dates.h"

namespace oc::sqlite {
namespace {

// Append-only: never edit a migration that has shipped; add a new one.
const std::vector<std::string> kMigrations = {
    // 1: declarations, their versions, transitions, notifications, identity, webhooks.
    R"sql(
CREATE TABLE declarations(
  id INTEGER PRIMARY KEY,
  lrn TEXT NOT NULL,
  declarant_tin TEXT NOT NULL,
  representative_tin TEXT NOT NULL DEFAULT '',
  mrn TEXT UNIQUE,
  type TEXT NOT NULL,
  office TEXT NOT NULL,
  state TEXT NOT NULL,
  control TEXT NOT NULL DEFAULT '',
  resume_state TEXT NOT NULL DEFAULT '',
  resume_control TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL,
  item_count INTEGER NOT NULL,
  invoice_total TEXT NOT NULL,
  invoice_currency TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE(declarant_tin, lrn)
);
CREATE INDEX declarations_by_representative ON declarations(representative_tin, id) WHERE representative_tin <> '';
CREATE INDEX declarations_by_state ON declarations(state, id);
CREATE TABLE declaration_versions(
  declaration_id INTEGER NOT NULL REFERENCES declarations(id),
  version INTEGER NOT NULL,
  content TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  reason_code TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  changed TEXT NOT NULL DEFAULT '[]',
  actor TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY(declaration_id, version)
) WITHOUT ROWID;
CREATE TABLE transitions(
  id INTEGER PRIMARY KEY,
  declaration_id INTEGER NOT NULL REFERENCES declarations(id),
  version INTEGER NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT NOT NULL,
  from_control TEXT NOT NULL,
  to_state TEXT NOT NULL,
  to_control TEXT NOT NULL,
  cusres TEXT NOT NULL,
  actor TEXT NOT NULL,
  reason TEXT NOT NULL,
  details TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX transitions_by_declaration ON transitions(declaration_id, id);
CREATE TABLE notifications(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  org_tin TEXT NOT NULL,
  declaration_id INTEGER NOT NULL,
  mrn TEXT NOT NULL,
  lrn TEXT NOT NULL,
  action TEXT NOT NULL,
  state TEXT NOT NULL,
  control TEXT NOT NULL,
  cusres TEXT NOT NULL,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX notifications_by_org ON notifications(org_tin, seq);
CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE users(
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  org_tin TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE api_keys(
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE TABLE webhooks(
  org_tin TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  cursor INTEGER NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);
)sql",
    // 2: the payments sub-ledger. Amounts are INTEGER cents so that sums are exact.
    R"sql(
CREATE TABLE debts(
  declaration_id INTEGER PRIMARY KEY REFERENCES declarations(id),
  currency TEXT NOT NULL,
  version INTEGER NOT NULL,
  assessed_at INTEGER NOT NULL,
  guarantee_ref TEXT NOT NULL DEFAULT '',
  guaranteed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE debt_lines(
  declaration_id INTEGER NOT NULL REFERENCES declarations(id),
  tax TEXT NOT NULL,
  assessed INTEGER NOT NULL,
  settled INTEGER NOT NULL,
  secured INTEGER NOT NULL,
  PRIMARY KEY(declaration_id, tax)
) WITHOUT ROWID;
CREATE TABLE payment_orders(
  id INTEGER PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,
  declaration_id INTEGER NOT NULL REFERENCES declarations(id),
  mrn TEXT NOT NULL,
  org_tin TEXT NOT NULL,
  office TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount INTEGER NOT NULL,
  lines TEXT NOT NULL,
  status TEXT NOT NULL,
  method TEXT NOT NULL DEFAULT '',
  settled_by TEXT NOT NULL DEFAULT '',
  receipt TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  settled_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX payment_orders_by_declaration ON payment_orders(declaration_id, id);
CREATE INDEX payment_orders_by_org ON payment_orders(org_tin, id);
CREATE TABLE banks(
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  scheme TEXT NOT NULL,
  key TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE bank_payments(
  bank_id TEXT NOT NULL,
  bank_ref TEXT NOT NULL,
  target TEXT NOT NULL,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  paid_at TEXT NOT NULL,
  payer TEXT NOT NULL,
  receipt TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY(bank_id, bank_ref)
) WITHOUT ROWID;
CREATE TABLE deferred_accounts(
  id TEXT PRIMARY KEY,
  org_tin TEXT NOT NULL,
  currency TEXT NOT NULL,
  limit_amount INTEGER NOT NULL,
  balance INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE guarantees(
  reference TEXT PRIMARY KEY,
  org_tin TEXT NOT NULL,
  office TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount INTEGER NOT NULL,
  in_use INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE guarantee_uses(
  id INTEGER PRIMARY KEY,
  guarantee_ref TEXT NOT NULL REFERENCES guarantees(reference),
  declaration_id INTEGER NOT NULL REFERENCES declarations(id),
  amount INTEGER NOT NULL,
  status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  released_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX guarantee_uses_by_declaration ON guarantee_uses(declaration_id, status);
CREATE TABLE refunds(
  id INTEGER PRIMARY KEY,
  reference TEXT NOT NULL UNIQUE,
  declaration_id INTEGER NOT NULL REFERENCES declarations(id),
  mrn TEXT NOT NULL,
  org_tin TEXT NOT NULL,
  office TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount INTEGER NOT NULL,
  lines TEXT NOT NULL,
  reason TEXT NOT NULL,
  status TEXT NOT NULL,
  receipt TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  paid_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX refunds_by_declaration ON refunds(declaration_id, id);
CREATE TABLE receipts(
  number TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  declaration_id INTEGER NOT NULL,
  mrn TEXT NOT NULL,
  org_tin TEXT NOT NULL,
  office TEXT NOT NULL,
  reference TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount INTEGER NOT NULL,
  lines TEXT NOT NULL,
  details TEXT NOT NULL,
  issued_at INTEGER NOT NULL
);
CREATE INDEX receipts_by_declaration ON receipts(declaration_id, issued_at);
CREATE TABLE revenue(
  id INTEGER PRIMARY KEY,
  day TEXT NOT NULL,
  office TEXT NOT NULL,
  tax TEXT NOT NULL,
  amount INTEGER NOT NULL,
  receipt TEXT NOT NULL
);
CREATE INDEX revenue_by_day ON revenue(day, office, tax);
)sql",
    // 3: risk management: criteria and lists, decisions, inspections, trader profiles, unit-value
    // history, the model registry.
    R"sql(
ALTER TABLE declarations ADD COLUMN lane TEXT NOT NULL DEFAULT '';
CREATE INDEX declarations_by_lane ON declarations(lane, id) WHERE lane <> '';
CREATE TABLE risk_criteria(
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  expression TEXT NOT NULL,
  lane TEXT NOT NULL,
  selection_percent REAL NOT NULL,
  priority INTEGER NOT NULL,
  valid_from TEXT NOT NULL DEFAULT '',
  valid_to TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL,
  status TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  approved_by TEXT NOT NULL DEFAULT '',
  approved_at INTEGER NOT NULL DEFAULT 0,
  retired_by TEXT NOT NULL DEFAULT '',
  retired_at INTEGER NOT NULL DEFAULT 0,
  fired INTEGER NOT NULL DEFAULT 0,
  inspected INTEGER NOT NULL DEFAULT 0,
  hits INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(id, version)
) WITHOUT ROWID;
CREATE TABLE risk_lists(
  name TEXT PRIMARY KEY,
  description TEXT NOT NULL,
  items TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE risk_decisions(
  id INTEGER PRIMARY KEY,
  declaration_id INTEGER NOT NULL REFERENCES declarations(id),
  version INTEGER NOT NULL,
  lane TEXT NOT NULL,
  source TEXT NOT NULL,
  score REAL,
  threshold REAL,
  model_version TEXT NOT NULL,
  shadow_version TEXT NOT NULL,
  shadow_score REAL,
  fired TEXT NOT NULL,
  reasons TEXT NOT NULL,
  accountable_tin TEXT NOT NULL,
  details TEXT NOT NULL,
  facts TEXT NOT NULL,
  decided_at INTEGER NOT NULL
);
CREATE INDEX risk_decisions_by_declaration ON risk_decisions(declaration_id, id);
CREATE INDEX risk_decisions_by_time ON risk_decisions(decided_at);
CREATE TABLE inspections(
  id INTEGER PRIMARY KEY,
  declaration_id INTEGER NOT NULL REFERENCES declarations(id),
  outcome TEXT NOT NULL,
  kind TEXT NOT NULL,
  additional_revenue TEXT NOT NULL,
  notes TEXT NOT NULL,
  officer TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX inspections_by_declaration ON inspections(declaration_id, id);
CREATE TABLE trader_profiles(
  tin TEXT PRIMARY KEY,
  declarations INTEGER NOT NULL DEFAULT 0,
  inspections INTEGER NOT NULL DEFAULT 0,
  hits INTEGER NOT NULL DEFAULT 0,
  first_day INTEGER NOT NULL DEFAULT 0,
  last_day INTEGER NOT NULL DEFAULT 0,
  last_hit_day INTEGER NOT NULL DEFAULT 0,
  aeo INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE unit_values(
  hs6 TEXT NOT NULL,
  origin TEXT NOT NULL,
  day INTEGER NOT NULL,
  value REAL NOT NULL,
  declaration_id INTEGER NOT NULL
);
CREATE INDEX unit_values_by_code ON unit_values(hs6, day);
CREATE INDEX unit_values_by_code_origin ON unit_values(hs6, origin, day);
CREATE TABLE risk_models(
  version TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  trained_from TEXT NOT NULL,
  trained_to TEXT NOT NULL,
  rows INTEGER NOT NULL,
  metrics TEXT NOT NULL,
  content BLOB NOT NULL,
  registered_at INTEGER NOT NULL
);
)sql",
    // 4: re-decisions replace a declaration's unit values by declaration.
    R"sql(
CREATE INDEX unit_values_by_declaration ON unit_values(declaration_id);
)sql",
    // 5: unit values of decisions taken at registration are written in bulk, a second behind
    // (the history is derived data: each decision's facts hold it). The counter marks the newest
    // declaration whose values are written; start-up derives any after it from the decisions.
    // The per-origin index is gone: the engine keeps the history in memory and filters there.
    R"sql(
DROP INDEX unit_values_by_code_origin;
INSERT INTO counters(name, value) VALUES('unit_values_through', (SELECT COALESCE(MAX(declaration_id), 0) FROM risk_decisions))
  ON CONFLICT(name) DO UPDATE SET value = excluded.value;
)sql",
    // 6: the tamper-evident ledger (docs/notes/ledger.md): one row per decision, written in the
    // decision's transaction; idx is the Merkle tree's leaf index.
    R"sql(
CREATE TABLE ledger_entries(
  idx INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  declaration_id INTEGER NOT NULL DEFAULT 0,
  at INTEGER NOT NULL,
  leaf_hash BLOB NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX ledger_entries_by_declaration ON ledger_entries(declaration_id) WHERE declaration_id > 0;
CREATE TABLE ledger_checkpoints(
  size INTEGER PRIMARY KEY,
  root BLOB NOT NULL,
  note TEXT NOT NULL,
  at INTEGER NOT NULL
);
)sql",
    // 7: witnessing and partner exchange: the latest checkpoint this instance cosigned per
    // partner log (checked and replaced atomically), and the partners' documents it imported
    // from verified bundles.
    R"sql(
CREATE TABLE witness_state(
  origin TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  root BLOB NOT NULL,
  note TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE TABLE partner_documents(
  id INTEGER PRIMARY KEY,
  issuer TEXT NOT NULL,
  leaf_index INTEGER NOT NULL,
  kind TEXT NOT NULL,
  reference TEXT NOT NULL,
  document TEXT NOT NULL,
  bundle TEXT NOT NULL,
  tree_size INTEGER NOT NULL,
  imported_at INTEGER NOT NULL,
  imported_by TEXT NOT NULL,
  UNIQUE(issuer, leaf_index)
);
CREATE INDEX partner_documents_by_reference ON partner_documents(reference);
)sql",
    // 8: the clearance-time report reads releases by time; a declaration page reads its own
    // notifications.
    R"sql(
CREATE INDEX transitions_by_action_time ON transitions(action, at);
CREATE INDEX notifications_by_declaration ON notifications(declaration_id, seq);
)sql",
    // 9: full-text search of declarations (invoice, parties, goods, codes, documents: the
    // domain's SearchText, kept with each version). The writer indexes the declarations listed
    // in search_pending in the background, in batches: indexing each lodgement in its own
    // transaction cost a quarter of the lodging throughput. Versions written before this
    // migration get the same fields from their JSON.
    R"sql(
ALTER TABLE declaration_versions ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE declaration_versions SET search_text = COALESCE(
  replace(replace(replace(replace(replace(
    (SELECT group_concat(j.value, ' ') FROM json_tree(declaration_versions.content) AS j
      WHERE j.type = 'text'
        AND (j.key IN ('number', 'tin', 'name', 'means_id', 'description', 'hs')
             OR (j.key = 'id' AND j.path LIKE '%documents[%')
             OR j.path = '$.transport.containers')),
    char(39), ''), char(699), ''), char(700), ''), char(8216), ''), char(8217), ''), '');
CREATE VIRTUAL TABLE declaration_search USING fts5(text, tokenize = 'unicode61 remove_diacritics 2', columnsize = 0);
CREATE TABLE search_pending(declaration_id INTEGER PRIMARY KEY);
INSERT INTO search_pending(declaration_id) SELECT id FROM declarations;
)sql",
    // 10: the search index moves to a file of its own, kept by a thread of its own
    // (sqlite_search_index.h): indexed by the writer, even in the background, it held up the
    // lodgements queued behind it. The versions keep their search text, and a sequence number in
    // the order they were written, which the index follows.
    R"sql(
DROP TABLE declaration_search;
DROP TABLE search_pending;
ALTER TABLE declaration_versions ADD COLUMN seq INTEGER;
UPDATE declaration_versions SET seq = r.n
  FROM (SELECT declaration_id AS d, version AS v, row_number() OVER (ORDER BY at, declaration_id, version) AS n
        FROM declaration_versions) AS r
  WHERE declaration_id = r.d AND version = r.v;
CREATE UNIQUE INDEX declaration_versions_by_seq ON declaration_versions(seq);
)sql",
    // 11: the registry of trader organisations (the declarant's name and address).
    R"sql(
CREATE TABLE organisations(
  tin TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  street TEXT NOT NULL DEFAULT '',
  city TEXT NOT NULL DEFAULT '',
  postcode TEXT NOT NULL DEFAULT '',
  country TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
);
)sql",
    // 12: a transition's reason is public (the declarant reads it in its history, notifications
    // and ledger entries); why customs chose a lane is kept apart, for customs only. Lane
    // decisions written before this version carried the risk engine's first reason (criterion,
    // score, factors): it moves to internal_reason, the public reason keeps the lane's name, and
    // the lane's source leaves the details. The ledger's bytes cannot change: LedgerService
    // withholds such entries from traders (ledger::events::Confidential).
    R"sql(
ALTER TABLE transitions ADD COLUMN internal_reason TEXT NOT NULL DEFAULT '';
UPDATE notifications SET reason = substr(reason, 1, instr(reason, ' lane') + 4)
 WHERE action IN ('control', 'assess') AND instr(reason, ' lane: ') > 0
   AND EXISTS(SELECT 1 FROM transitions t WHERE t.declaration_id = notifications.declaration_id
              AND t.action = notifications.action AND t.at = notifications.at AND t.actor = 'system');
UPDATE transitions SET internal_reason = reason, reason = substr(reason, 1, instr(reason, ' lane') + 4)
 WHERE actor = 'system' AND action IN ('control', 'assess') AND instr(reason, ' lane: ') > 0;
UPDATE transitions SET details = json_remove(details, '$.source')
 WHERE actor = 'system' AND action = 'control' AND json_valid(details) AND json_type(details, '$.source') IS NOT NULL;
)sql",
    // 13: access that can be taken back — sessions a sign-out or a disabled user ends, accounts
    // that lock after failed sign-ins, a second factor, API keys that are scoped and revoked, and
    // the security log.
    R"sql(
ALTER TABLE users ADD COLUMN disabled_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_secret BLOB NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE api_keys ADD COLUMN revoked_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE api_keys ADD COLUMN read_only INTEGER NOT NULL DEFAULT 0;
CREATE INDEX api_keys_by_user ON api_keys(user_id);
CREATE TABLE sessions(
  id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER NOT NULL DEFAULT 0,
  address TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions(user_id);
CREATE TABLE security_events(
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  username TEXT NOT NULL,
  user_id INTEGER NOT NULL,
  actor TEXT NOT NULL,
  address TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE TABLE settings(name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
)sql",
    // 14: the server's Merkle tree no longer keeps every leaf hash in memory; a proof asked for by
    // leaf hash finds the entry here.
    R"sql(
CREATE INDEX ledger_entries_by_leaf ON ledger_entries(leaf_hash);
)sql",
    // 15: reasons the system words carry a code, so that every client shows them in its user's
    // language; the reasons already written get theirs from their (fixed, English) text.
    R"sql(
ALTER TABLE transitions ADD COLUMN reason_code TEXT NOT NULL DEFAULT '';
ALTER TABLE notifications ADD COLUMN reason_code TEXT NOT NULL DEFAULT '';
CREATE TEMP TABLE reason_codes(pattern TEXT, action TEXT, code TEXT);
INSERT INTO reason_codes VALUES
  ('accepted', 'register', 'accepted'), ('the declaration has errors', 'reject', 'has_errors'),
  ('green lane*', 'assess', 'lane_green'), ('blue lane*', 'assess', 'lane_blue'),
  ('yellow lane*', 'control', 'lane_yellow'), ('red lane*', 'control', 'lane_red'),
  ('* lane: released automatically, nothing to pay or secure', 'release', 'released_nothing_due'),
  ('* lane: released automatically, duties settled or secured', 'release', 'released_settled'),
  ('goods seized on inspection', 'detain', 'seized');
UPDATE transitions SET reason_code = (SELECT code FROM reason_codes r
    WHERE transitions.action = r.action AND transitions.reason GLOB r.pattern)
 WHERE EXISTS(SELECT 1 FROM reason_codes r WHERE transitions.action = r.action AND transitions.reason GLOB r.pattern)
   AND (actor = 'system' OR action = 'detain');
UPDATE notifications SET reason_code = (SELECT code FROM reason_codes r
    WHERE notifications.action = r.action AND notifications.reason GLOB r.pattern)
 WHERE EXISTS(SELECT 1 FROM reason_codes r WHERE notifications.action = r.action AND notifications.reason GLOB r.pattern);
DROP TABLE reason_codes;
)sql",
    // 16: a criterion's description in the administration's other languages ({"ru": ..., "uz": ...}).
    R"sql(
ALTER TABLE risk_criteria ADD COLUMN descriptions TEXT NOT NULL DEFAULT '{}';
)sql",
    // 17: the device registry (cargo tracking): seals, trackers and phones.
    R"sql(
CREATE TABLE devices(
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  manufacturer TEXT NOT NULL,
  serial TEXT NOT NULL,
  owner_tin TEXT NOT NULL,
  state TEXT NOT NULL,
  public_key BLOB NOT NULL,
  registered_by TEXT NOT NULL,
  registered_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX devices_by_owner ON devices(owner_tin, id);
)sql",
    // 18: cargo in transit: the route library, journeys (with the devices bound to open ones) and
    // their alerts. Fixes live in their own database (tracks.db, sqlite_track_store.cc).
    R"sql(
CREATE TABLE routes(
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  geojson TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY(id, version)
) WITHOUT ROWID;
CREATE TABLE journeys(
  id INTEGER PRIMARY KEY,
  declaration_id INTEGER NOT NULL REFERENCES declarations(id),
  mrn TEXT NOT NULL,
  declarant_tin TEXT NOT NULL,
  carrier_tin TEXT NOT NULL,
  route_id TEXT NOT NULL,
  route_version INTEGER NOT NULL,
  seals TEXT NOT NULL,
  trackers TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  deadline INTEGER NOT NULL,
  state TEXT NOT NULL,
  arrived_at INTEGER NOT NULL,
  closed_at INTEGER NOT NULL,
  started_by TEXT NOT NULL,
  closed_by TEXT NOT NULL,
  close_note TEXT NOT NULL,
  seal_checks TEXT NOT NULL
);
CREATE INDEX journeys_by_declaration ON journeys(declaration_id, id);
CREATE INDEX journeys_by_declarant ON journeys(declarant_tin, id);
CREATE INDEX journeys_by_carrier ON journeys(carrier_tin, id);
CREATE TABLE journey_devices(
  device TEXT PRIMARY KEY,
  journey_id INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE transit_alerts(
  id INTEGER PRIMARY KEY,
  journey_id INTEGER NOT NULL REFERENCES journeys(id),
  kind TEXT NOT NULL,
  device TEXT NOT NULL,
  at INTEGER NOT NULL,
  lat REAL,
  lon REAL,
  detail TEXT NOT NULL,
  state TEXT NOT NULL,
  acknowledged_by TEXT NOT NULL,
  acknowledged_at INTEGER NOT NULL,
  resolved_by TEXT NOT NULL,
  resolved_at INTEGER NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX transit_alerts_by_journey ON transit_alerts(journey_id, id);
CREATE INDEX transit_alerts_unresolved ON transit_alerts(id) WHERE state <> 'resolved';
)sql",
    // 19: the traders' profiles count their transits, transit incidents and enquiries.
    R"sql(
ALTER TABLE trader_profiles ADD COLUMN transits INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trader_profiles ADD COLUMN transit_incidents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trader_profiles ADD COLUMN enquiries INTEGER NOT NULL DEFAULT 0;
)sql",
    // 20: alerts' details and enquiries' reasons carry a code with parameters, so that every
    // client words them in its user's language; those already written keep their English text.
    R"sql(
ALTER TABLE transit_alerts ADD COLUMN detail_code TEXT NOT NULL DEFAULT '';
ALTER TABLE transit_alerts ADD COLUMN detail_params TEXT NOT NULL DEFAULT '{}';
ALTER TABLE journeys ADD COLUMN close_reasons TEXT NOT NULL DEFAULT '[]';
)sql",
    // 21: scans of non-intrusive inspection (X-ray): the record; the file lives beside the store.
    R"sql(
CREATE TABLE scans(
  id INTEGER PRIMARY KEY,
  declaration_id INTEGER NOT NULL REFERENCES declarations(id),
  container TEXT NOT NULL,
  format TEXT NOT NULL,
  object TEXT NOT NULL,
  modality TEXT NOT NULL,
  sop_class_uid TEXT NOT NULL,
  sop_instance_uid TEXT NOT NULL,
  manufacturer TEXT NOT NULL,
  model TEXT NOT NULL,
  station TEXT NOT NULL,
  operator TEXT NOT NULL,
  acquired TEXT NOT NULL,
  energies TEXT NOT NULL,
  rows INTEGER NOT NULL,
  cols INTEGER NOT NULL,
  frames INTEGER NOT NULL,
  bits INTEGER NOT NULL,
  report TEXT NOT NULL,
  file TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  uploaded_by TEXT NOT NULL,
  uploaded_at INTEGER NOT NULL
);
CREATE INDEX scans_by_declaration ON scans(declaration_id, id);
)sql",
};

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(kMigrations.size()); }

Status Migrate(Connection& c) {
  try {
    c.Exec("CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
    auto& q = c.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    int current = q.Step() ? static_cast<int>(q.Int(0)) : 0;
    q.Reset();
    if (current > LatestSchemaVersion())
      return Status::Internal("database schema version " + std::to_string(current) +
                              " is newer than this build understands (" + std::to_string(LatestSchemaVersion()) + ")");
    for (int v = current + 1; v <= LatestSchemaVersion(); ++v) {
      c.Exec("BEGIN IMMEDIATE");
      try {
        c.Exec(kMigrations[v - 1]);
        c.Prepare("INSERT INTO schema_migrations(version, applied_at) VALUES(?, ?)").Bind(1, v).Bind(2, NowUnixMillis()).Run();
        c.Exec("COMMIT");
      } catch (...) {
        c.Exec("ROLLBACK");
        throw;
      }
    }
  } catch (const StoreError& e) {
    return Status::Internal("schema migration failed: " + e.message);
  }
  return Status::Ok();
}

}  // namespace oc::sqlite
