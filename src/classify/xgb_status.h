// XGBoost's C API reports errors through XGBGetLastError; this turns one into a Status.
// Thread-safety: XGBoost keeps the last error per thread, so call it on the failing thread.
#pragma once

#include <xgboost/c_api.h>

#include <string>

#include "common/status.h"

namespace oc::classify {

// Internal("<what>: <XGBoost's last error>").
inline Status XgbError(const char* what) { return Status::Internal(std::string(what) + ": " + XGBGetLastError()); }

}  // namespace oc::classify
