#include "cli/serve_config.h"

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "config/config_file.h"

namespace oc::cli {
namespace {

std::string LongName(const CLI::Option& option) {
  return option.get_lnames().empty() ? "" : option.get_lnames().front();
}

bool Configurable(const std::string& name) { return !name.empty() && name != "help" && name != "config"; }

Status Apply(CLI::Option& option, const std::vector<std::string>& values, const std::string& source) {
  try {
    option.clear();
    for (const auto& v : values) option.add_result(v);
    option.run_callback();
  } catch (const CLI::Error& e) {
    return Status::Invalid("bad_config", source + ": " + e.what());
  }
  return Status::Ok();
}

}  // namespace

Status ApplyConfiguration(CLI::App& cmd, const std::string& file) {
  config::Settings settings;
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) return Status::NotFound("no_config", "cannot read the configuration file " + file);
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = config::ParseSettings(text.str(), file);
    if (!parsed.ok()) return parsed.status();
    settings = std::move(parsed.value());
  }
  std::set<std::string> known;
  for (CLI::Option* option : cmd.get_options()) {
    std::string name = LongName(*option);
    if (!Configurable(name)) continue;
    known.insert(name);
    if (option->count() > 0) continue;  // the command line wins
    std::string env_name = config::EnvironmentName(name);
    if (const char* env = std::getenv(env_name.c_str()); env && *env) {
      bool list = option->get_expected_max() > 1;
      auto values = list ? config::SplitList(env) : std::vector<std::string>{env};
      if (Status st = Apply(*option, values, env_name); !st.ok()) return st;
    } else if (auto it = settings.find(name); it != settings.end()) {
      if (Status st = Apply(*option, it->second, file + " (" + name + ")"); !st.ok()) return st;
    }
  }
  for (const auto& [name, values] : settings)
    if (!known.count(name))
      return Status::Invalid("bad_config", file + ": unknown setting '" + name + "' (settings are the long names of `" +
                                               cmd.get_name() + "`'s flags; see --help)");
  return Status::Ok();
}

}  // namespace oc::cli
