// opencustoms: the server and the command-line tools in one binary.
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "refdata/data_dirs.h"

int main(int argc, char** argv) {
  CLI::App app{"OpenCustoms — open digital customs platform"};
  app.require_subcommand(1);
  int exit_code = 0;
  // Where every command finds its data (serve also reads them from its configuration file).
  app.add_option("--ref", "reference data directory (default: <prefix>/share/opencustoms beside the binary)")
      ->trigger_on_parse()
      ->each([](const std::string& dir) { oc::ConfigureReferenceDir(dir); });
  app.add_option("--shared-data", "shared data sets: HS nomenclature, labelled descriptions, tariffs "
                                  "(default: $OC_SHARED_DATA, else ../shared/data when present)")
      ->trigger_on_parse()
      ->each([](const std::string& dir) { oc::ConfigureSharedDataDir(dir); });
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
  oc::cli::RegisterBackup(app, exit_code);
  oc::cli::RegisterTracking(app, exit_code);
  oc::cli::RegisterXray(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
