// Status and Result<T>: how errors cross module boundaries (no exceptions across modules).
// A Status is either ok or carries a stable machine code, an HTTP-like kind and a message.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace oc {

enum class StatusKind {
  kOk,
  kInvalid,       // malformed or semantically invalid input (4xx)
  kNotFound,      // the thing asked for does not exist (404)
  kConflict,      // state or uniqueness conflict (409)
  kForbidden,     // authenticated but not allowed (403)
  kUnauthorized,  // no or bad credentials (401)
  kUnavailable,   // temporarily cannot serve (503)
  kInternal,      // a bug or an I/O failure (500)
  kTooManyRequests,  // throttled: too many attempts, try again later (429)
};

class Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Invalid(std::string code, std::string msg) { return {StatusKind::kInvalid, std::move(code), std::move(msg)}; }
  static Status NotFound(std::string msg) { return {StatusKind::kNotFound, "not_found", std::move(msg)}; }
  static Status NotFound(std::string code, std::string msg) { return {StatusKind::kNotFound, std::move(code), std::move(msg)}; }
  static Status Conflict(std::string code, std::string msg) { return {StatusKind::kConflict, std::move(code), std::move(msg)}; }
  static Status Forbidden(std::string msg) { return {StatusKind::kForbidden, "forbidden", std::move(msg)}; }
  static Status Forbidden(std::string code, std::string msg) { return {StatusKind::kForbidden, std::move(code), std::move(msg)}; }
  static Status Unauthorized(std::string msg) { return {StatusKind::kUnauthorized, "unauthorized", std::move(msg)}; }
  static Status Unauthorized(std::string code, std::string msg) { return {StatusKind::kUnauthorized, std::move(code), std::move(msg)}; }
  static Status Unavailable(std::string msg) { return {StatusKind::kUnavailable, "unavailable", std::move(msg)}; }
  static Status Unavailable(std::string code, std::string msg) { return {StatusKind::kUnavailable, std::move(code), std::move(msg)}; }
  static Status Internal(std::string msg) { return {StatusKind::kInternal, "internal", std::move(msg)}; }
  static Status TooManyRequests(std::string code, std::string msg) { return {StatusKind::kTooManyRequests, std::move(code), std::move(msg)}; }

  bool ok() const { return kind_ == StatusKind::kOk; }
  StatusKind kind() const { return kind_; }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string ToString() const { return ok() ? "ok" : code_ + ": " + message_; }

 private:
  Status(StatusKind k, std::string code, std::string msg) : kind_(k), code_(std::move(code)), message_(std::move(msg)) {}
  StatusKind kind_ = StatusKind::kOk;
  std::string code_;
  std::string message_;
};

// Result<T> holds a value or a non-ok Status.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}            // NOLINT(implicit)
  Result(Status status) : status_(std::move(status)) {}    // NOLINT(implicit)
  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace oc
