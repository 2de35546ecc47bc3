// opencustoms: the server and the command-line tools in one binary.
#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"OpenCustoms — open digital customs platform"};
  app.require_subcommand(1);
  int exit_code = 0;
  oc::cli::RegisterServe(app, exit_code);
  oc::cli::RegisterUser(app, exit_code);
  oc::cli::RegisterApiKeys(app, exit_code);
  oc::cli::RegisterSecurityLog(app, exit_code);
  oc::cli::RegisterLodgeShow(app, exit_code);
  oc::cli::RegisterImport(app, exit_code);
  oc::cli::RegisterDemoData(app, exit_code);
  oc::cli::RegisterTariff(app, exit_code);
  oc::cli::RegisterRates(app, exit_code);
  oc::cli::RegisterRisk(app, exit_code);
  oc::cli::RegisterClassify(app, exit_code);
  oc::cli::RegisterLedger(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
