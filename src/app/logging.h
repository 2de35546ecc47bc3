// The server's logs: the main log (levels, text or JSON lines, on standard error, which systemd's
// journal or a container runtime collects), the access log (one JSON object per request, logger
// "access": request id, principal, route, status, duration) and the security log (one JSON
// object per security event, logger "security"; the events are also kept in the store).
#pragma once

#include <string>

#include "common/status.h"

namespace oc {

struct LogConfig {
  std::string level = "info";   // trace, debug, info, warn, error, critical, off
  std::string format = "text";  // "text" or "json" (one JSON object a line)
  // "" = no access log, "-" = with the main log on standard error, else a file appended to.
  std::string access_log;
  std::string security_log = "-";  // as access_log
};

// Replaces the default logger and (re)creates the "access" and "security" loggers. Invalid ("bad_log_config") for
// an unknown level or format; Internal when the access-log file cannot be opened. Call before
// starting threads.
Status ConfigureLogging(const LogConfig& config);

}  // namespace oc
