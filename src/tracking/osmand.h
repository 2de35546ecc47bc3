// The OsmAnd protocol as the Traccar Client apps (Android, iOS) send it, so that a driver's phone
// is a tracker out of the box: an HTTP GET query or a POST form (application/x-www-form-urlencoded)
// with `id`, `lat`, `lon` (or `location=lat,lon`), `timestamp` (Unix seconds or milliseconds, or
// RFC 3339), `speed` (knots, as the apps send it), `bearing` or `heading`, `altitude`,
// `accuracy`, `batt` (percent). Unknown fields are ignored, as Traccar does.
#pragma once

#include <string_view>

#include "common/status.h"
#include "tracking/fix.h"

namespace oc::tracking {

// Invalid("bad_osmand") naming the field: no id, no position, a number that does not parse, a
// timestamp that is neither. Percent-encoding and '+' are decoded. Never throws.
Result<Fix> ParseOsmAnd(std::string_view query);

}  // namespace oc::tracking
