// Status and Result<T>: how every fallible call in Khabar reports failure.
//
// A Status is either OK or carries a code and a message. Caller mistakes
// (kInvalidArgument, kNotFound, kAlreadyExists) are kept apart from
// environment failures (kIOError, kCorruption, kInternal) so that the web
// layer can map the first to 4xx and the second to 5xx in one place.
// Result<T> holds either a T or a non-OK Status. Both are values; neither is
// thread-safe to mutate concurrently, both are safe to copy across threads.
#ifndef KHABAR_BASE_STATUS_H_
#define KHABAR_BASE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace khabar {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kIOError,
  kCorruption,
  kInternal,
  kUnauthenticated,     // no or wrong credentials (login, session, token)
  kPermissionDenied,    // authenticated, but not allowed (CSRF, other user)
  kResourceExhausted,   // rate limited
};

class [[nodiscard]] Status {
 public:
  Status() = default;

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string_view msg) {
    return Status(StatusCode::kInvalidArgument, msg);
  }
  static Status NotFound(std::string_view msg) {
    return Status(StatusCode::kNotFound, msg);
  }
  static Status AlreadyExists(std::string_view msg) {
    return Status(StatusCode::kAlreadyExists, msg);
  }
  static Status IOError(std::string_view msg) {
    return Status(StatusCode::kIOError, msg);
  }
  static Status Corruption(std::string_view msg) {
    return Status(StatusCode::kCorruption, msg);
  }
  static Status Internal(std::string_view msg) {
    return Status(StatusCode::kInternal, msg);
  }
  static Status Unauthenticated(std::string_view msg) {
    return Status(StatusCode::kUnauthenticated, msg);
  }
  static Status PermissionDenied(std::string_view msg) {
    return Status(StatusCode::kPermissionDenied, msg);
  }
  static Status ResourceExhausted(std::string_view msg) {
    return Status(StatusCode::kResourceExhausted, msg);
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // True for faults of the caller (bad input), false for faults of the
  // environment (disk, database, bugs).
  bool IsCallerError() const {
    return code_ == StatusCode::kInvalidArgument ||
           code_ == StatusCode::kNotFound ||
           code_ == StatusCode::kAlreadyExists ||
           code_ == StatusCode::kUnauthenticated ||
           code_ == StatusCode::kPermissionDenied ||
           code_ == StatusCode::kResourceExhausted;
  }

  // Returns a copy whose message is "prefix: message"; used to add context
  // (a file name, a line number) as an error travels up.
  Status WithContext(std::string_view prefix) const {
    if (ok()) return *this;
    return Status(code_, std::string(prefix) + ": " + message_);
  }

  // "invalid argument: message", for logs and command-line errors.
  std::string ToString() const;

 private:
  Status(StatusCode code, std::string_view msg) : code_(code), message_(msg) {}

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

const char* StatusCodeName(StatusCode code);

// Either a value or a non-OK Status (our small std::expected: GCC 12 has
// std::expected only under C++23, and clang 14, which builds the fuzzers,
// cannot compile libstdc++'s <expected>).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok() && "Result built from an OK Status has no value");
    if (status_.ok()) status_ = Status::Internal("Result without value");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace khabar

// Returns early from the enclosing function when `expr` is not OK.
#define KHABAR_RETURN_IF_ERROR(expr)          \
  do {                                        \
    ::khabar::Status _khabar_st = (expr);     \
    if (!_khabar_st.ok()) return _khabar_st;  \
  } while (0)

// `KHABAR_ASSIGN_OR_RETURN(auto x, F());` declares x from F()'s value, or
// returns F()'s Status from the enclosing function.
#define KHABAR_ASSIGN_OR_RETURN(lhs, expr) \
  KHABAR_ASSIGN_OR_RETURN_IMPL_(KHABAR_CONCAT_(_khabar_r, __LINE__), lhs, expr)
#define KHABAR_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()
#define KHABAR_CONCAT_(a, b) KHABAR_CONCAT_INNER_(a, b)
#define KHABAR_CONCAT_INNER_(a, b) a##b

#endif  // KHABAR_BASE_STATUS_H_
