// The server's configuration file: TOML whose keys are the long names of `serve`'s flags
// ("port = 8443", "webhook-allow-host = ["hooks.customs.local"]"), read with toml++. Pure: text
// in, settings out; applying them to the command line is the CLI's business.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace oc::config {

// Setting name (dashes, as the flag; "web_dir" is read as "web-dir") -> its values as text (one
// for a scalar, one per element for an array; booleans "true"/"false").
using Settings = std::map<std::string, std::vector<std::string>>;

// Parses TOML text. Nested tables are flattened with dots ("tls.cert" for [tls] cert = ...).
// Invalid (code "bad_config") with line and column on a syntax error, or a value that is neither a
// string, number, boolean nor an array of them. `source` names the text in messages. Thread-safe.
Result<Settings> ParseSettings(std::string_view text, const std::string& source);

// The environment variable that overrides a setting: OC_ and the name in capitals with dashes and
// dots as underscores ("webhook-allow-host" -> OC_WEBHOOK_ALLOW_HOST).
std::string EnvironmentName(const std::string& setting);

// Splits an environment value of a repeatable setting: comma-separated, blanks trimmed.
std::vector<std::string> SplitList(std::string_view value);

}  // namespace oc::config
