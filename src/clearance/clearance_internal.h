// Private to clearance/: helpers shared by the files that implement ClearanceService.
#pragma once

#include <memory>
#include <string>

#include "clearance/clearance_service.h"

namespace oc::clearance_internal {

// A failed reply carrying a status and the field errors of a rejected document.
Reply Fail(Status st, FieldErrors errors = {});

TransitionEntry MakeTransition(Action a, const LifecycleState& from, const LifecycleState& to, DeclarationType type,
                               const std::string& actor, std::string reason, int64_t at);

// The reply to a declaration update: the record, or the store's status with the field errors
// and current state that the decision noted.
Done<DeclarationRecord> ReplyWhenDone(std::shared_ptr<Reply> noted, ReplyFn done);

// JSON pointers of the elements that differ between two canonical contents (RFC 6902 diff
// paths), as a JSON array text.
std::string ChangedPointers(const std::string& before, const std::string& after);

// The amounts of an assessment as recorded with its transition (JSON text).
std::string AssessmentDetails(const tariff::DeclarationAssessment& a);

}  // namespace oc::clearance_internal
