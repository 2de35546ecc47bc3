// Routes for HS classification: POST /v1/hs/suggest (the same classifier as `classify evaluate`).
#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/problem.h"
#include "common/encoding.h"

namespace oc::api {

using nlohmann::json;

namespace {

constexpr size_t kMaxTextBytes = 2000;  // a goods description, not a document
constexpr int kMaxK = 20;
// Below this calibrated confidence the best suggestion is right less than one time in seven:
// the answer advises more detail.
constexpr double kLowConfidence = 0.15;

// The body's "text" checked the same way for every route; an error response when it is not a
// goods description, else nothing.
std::optional<HttpResponse> CheckText(const json& body, const std::vector<std::string>& allowed) {
  for (auto it = body.begin(); it != body.end(); ++it)
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
      return StatusResponse(Status::Invalid("unknown_field", "unknown element '" + it.key() + "'"));
  if (!body.contains("text") || !body["text"].is_string())
    return StatusResponse(Status::Invalid("invalid_text", "'text' (the goods description) is required and must be a string"));
  const std::string& text = body["text"].get_ref<const std::string&>();
  if (text.size() > kMaxTextBytes)
    return StatusResponse(Status::Invalid("invalid_text", "'text' is longer than " + std::to_string(kMaxTextBytes) +
                                                              " bytes; describe the goods in a sentence or two"));
  if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r'; }))
    return StatusResponse(Status::Invalid("invalid_text", "'text' contains control characters (binary data?)"));
  if (std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }))
    return StatusResponse(Status::Invalid("invalid_text", "'text' is empty"));
  return std::nullopt;
}

// A JSON object body, or the error response.
std::optional<HttpResponse> ParseBody(const HttpRequest& req, json& body) {
  if (!IsValidUtf8(req.body)) return StatusResponse(Status::Invalid("invalid_utf8", "the body is not valid UTF-8"));
  body = json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return StatusResponse(Status::Invalid("malformed_json", "the body must be a JSON object"));
  return std::nullopt;
}

double Rounded(double v) { return std::round(v * 1000) / 1000; }

json SuggestionsJson(const std::vector<classify::Suggestion>& suggestions) {
  json list = json::array();
  for (const auto& s : suggestions) {
    json path = json::array();
    for (const auto& [code, description] : s.path) path.push_back({{"code", code}, {"description", description}});
    list.push_back({{"code", s.hs6}, {"confidence", Rounded(s.confidence)}, {"score", Rounded(s.score)}, {"path", path}});
  }
  return list;
}

HttpResponse NoClassifier() {
  return StatusResponse(Status::Unavailable("no HS classifier is trained on this server (opencustoms classify train)"));
}

}  // namespace

void RegisterClassifyRoutes(Router& router, ApiContext& ctx) {
  auto classifier = ctx.classifier;
  router.Authed("POST", "/v1/hs/suggest", Access::kUseReferenceData,
                [classifier](HttpRequest& req, const Principal&, Respond respond) {
    if (!classifier) return respond(NoClassifier());
    json body;
    if (auto error = ParseBody(req, body)) return respond(std::move(*error));
    if (auto error = CheckText(body, {"text", "k"})) return respond(std::move(*error));
    const std::string& text = body["text"].get_ref<const std::string&>();
    int k = 5;
    if (body.contains("k")) {
      if (!body["k"].is_number_integer() || body["k"].get<int64_t>() < 1 || body["k"].get<int64_t>() > kMaxK)
        return respond(StatusResponse(Status::Invalid("invalid_k", "'k' must be a whole number from 1 to " + std::to_string(kMaxK))));
      k = static_cast<int>(body["k"].get<int64_t>());
    }
    auto suggestions = classifier->Suggest(text, static_cast<size_t>(k));
    json out = {{"text", text}, {"k", k}, {"suggestions", SuggestionsJson(suggestions)}};
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
      if (suggestions.front().confidence < kLowConfidence)
        out["advice"] = "no code stands out: add what the goods are made of, what they are for, or how they are "
                        "processed";
    }
    respond(JsonResponse(200, out));
  });

  // A declared code against its description: the check lodging runs for each goods item.
  router.Authed("POST", "/v1/hs/check", Access::kUseReferenceData,
                [classifier](HttpRequest& req, const Principal&, Respond respond) {
    if (!classifier) return respond(NoClassifier());
    json body;
    if (auto error = ParseBody(req, body)) return respond(std::move(*error));
    if (auto error = CheckText(body, {"text", "hs"})) return respond(std::move(*error));
    const std::string& text = body["text"].get_ref<const std::string&>();
    if (!body.contains("hs") || !body["hs"].is_string())
      return respond(StatusResponse(Status::Invalid("invalid_hs", "'hs' (the declared commodity code) is required and must be a string")));
    const std::string& hs = body["hs"].get_ref<const std::string&>();
    if (hs.size() < 6 || hs.size() > 10 || !std::all_of(hs.begin(), hs.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return respond(StatusResponse(Status::Invalid("invalid_hs", "'hs' must be 6 to 10 digits")));
    if (!classifier->nomenclature().codes.count(hs.substr(0, 6)))
      return respond(StatusResponse(Status::Invalid("unknown_hs_code", "'" + hs.substr(0, 6) + "' is not a subheading of the HS nomenclature")));
    classify::CodeCheck c = classifier->Check(text, hs, 3);
    json out = {{"text", text}, {"hs", hs}, {"classifiable", c.classifiable}};
    if (!c.classifiable) {
      out["reason"] = "the description is too vague to judge the code: say what the goods are, of what material and for what use";
      return respond(JsonResponse(200, out));
    }
    out["misclassification"] = Rounded(c.misclassification);
    out["declared_confidence"] = Rounded(c.declared_confidence);
    out["heading_confidence"] = Rounded(c.heading_confidence);
    out["chapter_confidence"] = Rounded(c.chapter_confidence);
    out["contradicts"] = c.contradicts;
    out["suggestions"] = SuggestionsJson(c.suggestions);
    respond(JsonResponse(200, out));
  });
}

}  // namespace oc::api
