#pragma once

// Deliberate bugs, for the tests that prove a bug is contained
// (tests/lsp/transcripts/fault_*.transcript). Off unless the server's
// environment sets COBRO_LSP_INJECT_FAULT to a comma-separated list of
// `site` or `site:throw`; a site is a request's method, `check` (building a
// snapshot), `compliance` (analysing one) or `publish` (turning a snapshot's
// diagnostics into publishDiagnostics). Each listed fault fires once,
// the first time its site is reached, so a test can also show that the same
// work succeeds afterwards.

#include <string_view>

namespace cobro::lsp {

// Fails the way a bug would when COBRO_LSP_INJECT_FAULT names `site` and its
// fault has not fired yet: a failed COBRO_CHECK, or with `:throw` a
// std::logic_error. Does nothing otherwise. Thread-safe.
void InjectFaultAt(std::string_view site);

}  // namespace cobro::lsp
