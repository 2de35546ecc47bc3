// Mirror comparison: an import declaration against the partner administration's export
// declaration for the same goods (received in a verified bundle). The goods leaving one country
// should be the goods entering the other: a different commodity code, less mass or a lower price
// on import than on export are classic signs of misdescription and undervaluation.
//
// Thread-safety: pure function over values.
#pragma once

#include <string>
#include <vector>

#include "common/message.h"
#include "declaration/declaration.h"

namespace oc::risk {

struct MirrorTolerance {
  double mass = 0.05;   // relative difference of net mass tolerated per item
  double value = 0.10;  // import price may be this much below the export price
};

struct MirrorComparison {
  bool mismatch = false;
  std::vector<Message> reasons;      // one per discrepancy, for officers
  double value_ratio = 0;            // import invoice total / export invoice total (same currency; 0 = not comparable)
};

// Items are matched by sequence number.
MirrorComparison CompareWithExport(const Declaration& import, const Declaration& exported,
                                   const MirrorTolerance& tolerance = {});

}  // namespace oc::risk
