// What the server tells whoever runs it: Prometheus gauges (store, process, build, webhooks,
// models) and readiness checks. Reads only; thread-safe as the services it reads.
#pragma once

#include <string>
#include <vector>

#include "api/api.h"

namespace oc {

class Core;

// Gauges and counters in the Prometheus text format, appended to the router's own metrics.
std::string OperationsMetrics(Core& core);

// The readiness checks beyond the store's read (which the route does): the store's files can be
// written and its file system has room, and which models are loaded.
std::vector<api::ReadinessCheck> ReadinessChecks(Core& core);

}  // namespace oc
