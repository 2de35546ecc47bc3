#include "app/logging.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "common/dates.h"

namespace oc {
namespace {

// {"time":"2026-12-07T11:00:00.123Z","level":"info","msg":"..."}; a message that is itself a JSON
// object (the access log's) is merged into the line instead of quoted.
class JsonLineFormatter : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
    std::string head = "{\"time\":\"" + FormatTimestamp(millis) + "\",\"level\":\"" +
                       std::string(spdlog::level::to_string_view(msg.level).data(),
                                   spdlog::level::to_string_view(msg.level).size()) +
                       "\"";
    if (msg.logger_name.size() > 0) head += ",\"log\":\"" + std::string(msg.logger_name.data(), msg.logger_name.size()) + "\"";
    std::string_view payload(msg.payload.data(), msg.payload.size());
    std::string line;
    if (payload.size() >= 2 && payload.front() == '{' && payload.back() == '}')
      line = head + (payload.size() > 2 ? "," : "") + std::string(payload.substr(1));
    else
      line = head + ",\"msg\":" + nlohmann::json(std::string(payload)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "}";
    line += '\n';
    dest.append(line.data(), line.data() + line.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonLineFormatter>(); }
};

}  // namespace

Status ConfigureLogging(const LogConfig& config) {
  auto level = spdlog::level::from_str(config.level);
  if (level == spdlog::level::off && config.level != "off")
    return Status::Invalid("bad_log_config", "unknown log level '" + config.level +
                                                 "' (trace, debug, info, warn, error, critical, off)");
  if (config.format != "text" && config.format != "json")
    return Status::Invalid("bad_log_config", "unknown log format '" + config.format + "' (text, json)");
  bool json = config.format == "json";
  auto stderr_sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto main = std::make_shared<spdlog::logger>("", stderr_sink);
  if (json) main->set_formatter(std::make_unique<JsonLineFormatter>());
  main->set_level(level);
  main->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(main);

  for (auto [name, path] : {std::pair{"access", &config.access_log}, std::pair{"security", &config.security_log}}) {
    spdlog::drop(name);
    if (path->empty()) continue;
    std::shared_ptr<spdlog::sinks::sink> sink = stderr_sink;
    if (*path != "-") {
      try {
        sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(*path);
      } catch (const spdlog::spdlog_ex& e) {
        return Status::Internal(std::string("cannot open the ") + name + " log " + *path + ": " + e.what());
      }
    }
    auto logger = std::make_shared<spdlog::logger>(name, sink);
    // Always JSON: its lines are read by programs.
    logger->set_formatter(std::make_unique<JsonLineFormatter>());
    logger->set_level(spdlog::level::info);
    logger->flush_on(spdlog::level::info);
    spdlog::register_logger(logger);
  }
  return Status::Ok();
}

}  // namespace oc
