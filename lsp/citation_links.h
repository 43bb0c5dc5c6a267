#pragma once

// Links from a policy rule's legal citation to the law's official text, for
// the `codeDescription` of compliance findings.

#include <optional>
#include <string>
#include <string_view>

namespace cobro::lsp {

// The official text of the first source `cite` names, for the citation
// styles the packs use whose publishers have stable addresses: the US Code
// of Federal Regulations (`12 CFR 1006.14(b)`, eCFR), the US Code (`15
// U.S.C. 1692c(a)`, Cornell LII) and the FCA Handbook (`CONC 7.9.4R`).
// nullopt for the others.
auto CitationUrl(std::string_view cite) -> std::optional<std::string>;

}  // namespace cobro::lsp
