#pragma once

// JSON-RPC framing over a pair of streams: `Content-Length` headers, a blank
// line, then the body.

#include <istream>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace cobro::lsp {

class Transport {
 public:
  // Reads from `in` and writes to `out`; both must outlive the transport.
  Transport(std::istream& in, std::ostream& out) : in_(in), out_(out) {}

  // The body of the next message, or nullopt at the end of the input or on
  // a header that cannot be read (the stream cannot be resynchronised then).
  auto Read() -> std::optional<std::string>;

  // Writes one message and flushes it. Safe to call from any thread.
  void Write(std::string_view body);

 private:
  std::istream& in_;
  std::ostream& out_;
  std::mutex write_mutex_;
};

}  // namespace cobro::lsp
