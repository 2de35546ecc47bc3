// CLI commands. Each Register* adds a subcommand to the CLI11 app; the callback sets the exit code.
#pragma once

#include <CLI/CLI.hpp>

namespace oc::cli {

void RegisterServe(CLI::App& app, int& exit_code);
void RegisterUser(CLI::App& app, int& exit_code);
void RegisterLodgeShow(CLI::App& app, int& exit_code);
void RegisterImport(CLI::App& app, int& exit_code);
void RegisterDemoData(CLI::App& app, int& exit_code);

}  // namespace oc::cli
