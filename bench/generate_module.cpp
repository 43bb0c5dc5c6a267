#include "bench/generate_module.h"

#include <fmt/format.h>

namespace cobro::bench {

auto GenerateModule(int lines) -> std::string {
  std::string text =
      "module bench.generated\n\nimport std.events\nimport std.scoring\n\n"
      "/// The debtor.\nprofile Debtor {\n  balance: money\n  dpd: int\n  tz: timezone\n"
      "  optin: set<channel>\n}\n\n";
  int written = 13;
  for (int i = 0; written < lines; ++i) {
    text += fmt::format(R"(/// Promise-to-pay points, variant {0}.
scorecard Score{0}(d: Debtor) base 600 {{
  d.dpd in [0, 30) => +40, [30, 60) => +20, [60, 90) => 0, [90, ..) => -30
  count(payment, 90d) is 0 => -10, 1..2 => +15, 3.. => +30
  d.balance < 500.00 => +20, < 2000.00 => +5, else => -15
}}

fn ptp{0}(d: Debtor) -> float = logistic((Score{0}(d) - 620) / 25)

flow Flow{0} for d: Debtor {{
  start when d.dpd >= 1 and d.balance > 20.00 -> remind

  state remind {{
    send email "reminder_1" with {{ amount: d.balance }}
    on contact.opened(email) -> nudge
    after 3d -> nudge
  }}
  state nudge {{
    send whatsapp "ptp_request" when whatsapp in d.optin
    on promise p -> promised(p)
    after 2d -> if ptp{0}(d) >= 0.4 then voicebot else agent
  }}
  state voicebot {{
    call voicebot "negotiate" every 1d up to 5
    on contact.answered(voicebot) -> nudge
    after 7d -> agent
  }}
  state promised(p: promise) {{
    after p.due + 1d -> if paid_since(p) >= p.amount then done else voicebot
  }}
  state agent {{
    assign queue "early_stage"
  }}

  always {{
    on payment when d.balance <= 0 -> done
    on dispute -> hold
  }}
}}

)",
                        i);
    written += 40;
  }
  return text;
}

}  // namespace cobro::bench
