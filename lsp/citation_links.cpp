#include "lsp/citation_links.h"

#include <regex>

namespace cobro::lsp {

auto CitationUrl(std::string_view cite) -> std::optional<std::string> {
  std::string text(cite);
  std::smatch match;
  // `12 CFR 1006.14(b)(2)(i)(A)`: title, part and section.
  static const std::regex kCfr(R"((\d+)\s+CFR\s+(\d+)\.(\d+))");
  // `15 U.S.C. 1692c(a)(1)`: title and section (letters included).
  static const std::regex kUsc(R"((\d+)\s+U\.S\.C\.\s+(\d+[a-z]*))");
  // `CONC 7.9.4R`: sourcebook, chapter and section.
  static const std::regex kFca(R"(\b(CONC|MCOB)\s+(\d+)\.(\d+))");
  struct Found {
    size_t position;
    std::string url;
  };
  std::optional<Found> first;
  auto consider = [&](size_t position, std::string url) {
    if (!first || position < first->position) first = Found{position, std::move(url)};
  };
  if (std::regex_search(text, match, kCfr)) {
    consider(static_cast<size_t>(match.position(0)),
             "https://www.ecfr.gov/current/title-" + match[1].str() + "/section-" + match[2].str() + "." +
                 match[3].str());
  }
  if (std::regex_search(text, match, kUsc)) {
    consider(static_cast<size_t>(match.position(0)),
             "https://www.law.cornell.edu/uscode/text/" + match[1].str() + "/" + match[2].str());
  }
  if (std::regex_search(text, match, kFca)) {
    consider(static_cast<size_t>(match.position(0)), "https://www.handbook.fca.org.uk/handbook/" + match[1].str() +
                                                         "/" + match[2].str() + "/" + match[3].str() + ".html");
  }
  if (!first) return std::nullopt;
  return first->url;
}

}  // namespace cobro::lsp
