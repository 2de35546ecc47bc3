#include "risk/decision.h"

namespace oc::risk {

const char* InspectionOutcomeName(InspectionOutcome o) {
  switch (o) {
    case InspectionOutcome::kDiscrepancy: return "discrepancy";
    case InspectionOutcome::kSeizure: return "seizure";
    default: return "no_discrepancy";
  }
}

const char* ModelRoleName(ModelRole r) {
  switch (r) {
    case ModelRole::kActive: return "active";
    case ModelRole::kShadow: return "shadow";
    case ModelRole::kRetired: return "retired";
    default: return "candidate";
  }
}

}  // namespace oc::risk
