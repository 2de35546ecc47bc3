// Settings of a subcommand from a configuration file and the environment: for every option not
// given on the command line, OC_<NAME> if set, else the file's value, else the default.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "common/status.h"

namespace oc::cli {

// Applies `file` ("" = none) and the environment to `cmd`'s options after parsing. Invalid
// ("bad_config") naming the file, line and setting for a syntax error, an unknown setting or a
// value the option refuses; NotFound when the file cannot be read. Call from the command's callback.
Status ApplyConfiguration(CLI::App& cmd, const std::string& file);

}  // namespace oc::cli
