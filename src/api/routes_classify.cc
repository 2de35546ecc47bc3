// Routes for HS classification: POST /v1/hs/suggest (the same classifier as `classify evaluate`).
#include <algorithm>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/problem.h"
#include "common/encoding.h"

namespace oc::api {

using nlohmann::json;

namespace {

constexpr size_t kMaxTextBytes = 2000;  // a goods description, not a document
constexpr int kMaxK = 20;

}  // namespace

void RegisterClassifyRoutes(Router& router, ApiContext& ctx) {
  auto classifier = ctx.classifier;
  router.Authed("POST", "/v1/hs/suggest", [classifier](HttpRequest& req, const Principal&, Respond respond) {
    if (!classifier)
      return respond(StatusResponse(Status::Unavailable("no HS classifier is trained on this server (opencustoms classify train)")));
    if (!IsValidUtf8(req.body)) return respond(StatusResponse(Status::Invalid("invalid_utf8", "the body is not valid UTF-8")));
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
      return respond(StatusResponse(Status::Invalid("malformed_json", "the body must be a JSON object")));
    for (auto it = body.begin(); it != body.end(); ++it)
      if (it.key() != "text" && it.key() != "k")
        return respond(StatusResponse(Status::Invalid("unknown_field", "unknown element '" + it.key() + "'")));
    if (!body.contains("text") || !body["text"].is_string())
      return respond(StatusResponse(Status::Invalid("invalid_text", "'text' (the goods description) is required and must be a string")));
    const std::string& text = body["text"].get_ref<const std::string&>();
    if (text.size() > kMaxTextBytes)
      return respond(StatusResponse(Status::Invalid("invalid_text", "'text' is longer than " + std::to_string(kMaxTextBytes) +
                                                                        " bytes; describe the goods in a sentence or two")));
    if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r'; }))
      return respond(StatusResponse(Status::Invalid("invalid_text", "'text' contains control characters (binary data?)")));
    if (std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }))
      return respond(StatusResponse(Status::Invalid("invalid_text", "'text' is empty")));
    int k = 5;
    if (body.contains("k")) {
      if (!body["k"].is_number_integer() || body["k"].get<int64_t>() < 1 || body["k"].get<int64_t>() > kMaxK)
        return respond(StatusResponse(Status::Invalid("invalid_k", "'k' must be a whole number from 1 to " + std::to_string(kMaxK))));
      k = static_cast<int>(body["k"].get<int64_t>());
    }
    auto suggestions = classifier->Suggest(text, static_cast<size_t>(k));
    json list = json::array();
    for (const auto& s : suggestions) {
      json path = json::array();
      for (const auto& [code, description] : s.path) path.push_back({{"code", code}, {"description", description}});
      list.push_back({{"code", s.hs6}, {"score", std::round(s.score * 1000) / 1000}, {"path", path}});
    }
    json out = {{"text", text}, {"k", k}, {"suggestions", list}};
    if (suggestions.empty()) {
      out["too_vague"] = true;
      out["reason"] = "no word of the description is known to the classifier: describe what the goods are, of what "
                      "material and for what use";
    } else if (classifier->TooVague(text)) {
      out["too_vague"] = true;
      out["reason"] = "the description is too vague to classify (like HMRC's examples of vague terms): say what the "
                      "goods are, of what material and for what use; the suggestions are guesses";
    } else {
      out["too_vague"] = false;
    }
    respond(JsonResponse(200, out));
  });
}

}  // namespace oc::api
