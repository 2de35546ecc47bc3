// Replay: a route and a file of fixes through the pipeline, offline — what
// `opencustoms tracking replay` runs, and how tests and the simulator check the pipeline.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tracking/pipeline.h"

namespace oc::tracking {

// FIXES.csv: header `device_id,time,lat,lon,speed_kmh,seal` (RFC 3339 times; speed may be
// empty; seal closed / opened / cut or empty). Rows that do not parse are counted in `malformed`
// (the first few described in `problems`), never fatal; Invalid("bad_fixes") when the header is
// not that. Never throws.
struct FixesFile {
  std::vector<Fix> fixes;
  uint64_t malformed = 0;
  std::vector<std::string> problems;  // "line 12: ..." for the first 10 malformed rows
};
Result<FixesFile> ParseFixesCsv(std::string_view text);

struct ReplayResult {
  std::vector<Alert> alerts;  // by time (stable: the pipeline's order within a time)
  uint64_t fixes = 0;         // rows read
  uint64_t refused = 0;       // malformed rows and fixes the pipeline refused
  PipelineCounts counts;
};

// The fixes in file order (as they would arrive) through a pipeline on `route`.
Result<ReplayResult> Replay(const Route& route, const FixesFile& file, const Thresholds& thresholds);

}  // namespace oc::tracking
