// CLI commands. Each Register* adds a subcommand to the CLI11 app; the callback sets the exit code.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "common/status.h"

namespace oc::cli {

// Prints "error: <message>" and sets the exit code when `st` is an error; returns whether it was.
inline bool Failed(const Status& st, int& exit_code, int code = 1) {
  if (st.ok()) return false;
  std::cerr << "error: " << st.message() << "\n";
  exit_code = code;
  return true;
}

// A whole file's bytes; NotFound ("cannot read PATH") when it cannot be opened.
inline Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Extra CAs (PEM) the CLI trusts for https servers besides the system's: $OC_TLS_CA, or "".
inline std::string CliTlsCaFile() {
  const char* env = std::getenv("OC_TLS_CA");
  return env ? env : "";
}

void RegisterServe(CLI::App& app, int& exit_code);
void RegisterUser(CLI::App& app, int& exit_code);
void RegisterApiKeys(CLI::App& app, int& exit_code);
void RegisterSecurityLog(CLI::App& app, int& exit_code);
void RegisterLodgeShow(CLI::App& app, int& exit_code);
void RegisterImport(CLI::App& app, int& exit_code);
void RegisterDemoData(CLI::App& app, int& exit_code);
void RegisterTariff(CLI::App& app, int& exit_code);
void RegisterRates(CLI::App& app, int& exit_code);
void RegisterRisk(CLI::App& app, int& exit_code);
void RegisterClassify(CLI::App& app, int& exit_code);
void RegisterLedger(CLI::App& app, int& exit_code);
void RegisterBackup(CLI::App& app, int& exit_code);  // backup, restore
void RegisterTracking(CLI::App& app, int& exit_code);  // tracking replay, simulate
void RegisterXray(CLI::App& app, int& exit_code);      // xray inspect, train, evaluate, watch
void RegisterXrayWatch(CLI::App& xray, int& exit_code);
void RegisterTrackingSimulate(CLI::App& tracking, int& exit_code);

}  // namespace oc::cli
