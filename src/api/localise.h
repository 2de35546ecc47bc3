// The API's texts in the caller's language: the language an HTTP client asks for
// (Accept-Language), and the Uzbek and Russian wording of the texts the server generates with a
// code (system reasons of transitions and notifications, release blockers). English is the text
// the server already has. Pure functions over immutable tables; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "api/http_types.h"
#include "common/message.h"

namespace oc::api {

// "uz", "ru" or "en": the first of those the Accept-Language header names, by quality (RFC 9110
// §12.5.4; "uz-Cyrl-UZ" counts as uz, "*" as en); "en" without the header or a match.
std::string RequestLanguage(const HttpRequest& req);
std::string PreferredLanguage(std::string_view accept_language);

// `m` worded in `lang`, its English text when the code has no wording in that language.
std::string LocalisedText(const Message& m, std::string_view lang);

// A transition's or notification's reason in `lang`: the wording of its reason code, or the
// reason as written (people's own words are not translated).
std::string LocalisedReason(std::string_view reason_code, const std::string& reason, std::string_view lang);

// Words the field errors of a problem+json body (its "errors" member) in `lang`, keeping each
// English message as "message_en"; codes without a wording stay English. False (body untouched)
// for English, a body without field errors, or one that is not JSON.
bool LocaliseProblem(std::string& body, std::string_view lang);

}  // namespace oc::api
