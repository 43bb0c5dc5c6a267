#pragma once

#include <optional>
#include <string>
#include <utility>

namespace cobro::runtime::io {

// A value or the reason there is none. Input errors are results, never
// exceptions (no exception crosses runtime/io). An empty error string never
// allocates, so a successful parse costs no heap traffic.
template <class T>
class Expected {
 public:
  Expected(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design.
  static auto Error(std::string reason) -> Expected {
    Expected result;
    result.error_ = std::move(reason);
    return result;
  }
  explicit operator bool() const { return value_.has_value(); }
  auto operator*() const -> const T& { return *value_; }
  auto operator->() const -> const T* { return &*value_; }
  // Why there is no value; empty when there is one.
  auto error() const -> const std::string& { return error_; }

 private:
  Expected() = default;
  std::optional<T> value_;
  std::string error_;
};

}  // namespace cobro::runtime::io
