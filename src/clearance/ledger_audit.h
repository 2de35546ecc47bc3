// The audit of the stored ledger (`opencustoms ledger audit`, bench/ledger): every entry read
// from the store, its leaf recomputed from its bytes on `threads` threads while the next slice
// is read, the tree rebuilt, and every stored checkpoint checked (ledger/audit.h says what is
// reported).
//
// Thread-safety: reads the store only; runs on the calling thread plus `threads` workers.
#pragma once

#include "common/status.h"
#include "ledger/audit.h"
#include "store/ledger_store.h"

namespace oc {

Result<ledger::AuditReport> AuditStoredLedger(LedgerStore& store, int threads);

}  // namespace oc
