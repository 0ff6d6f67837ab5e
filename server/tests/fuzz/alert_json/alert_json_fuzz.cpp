// libFuzzer target for the trade-alert JSON decoders (api/json/alert_json.hpp, issue 13): a posted
// alert, an update and the channel settings, then the rules (domain/alerts/alert_rules). Beyond "no
// crash, no UB, no leak": an accepted alert holds normalised prices that parse back to themselves,
// its stop on the losing side and at most 5 targets on the winning side, and encodes to JSON; an
// accepted update applies to a filled alert or is refused with a code, never by throwing.
#include <boost/json/parse.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/json/alert_json.hpp"
#include "domain/alerts/alert_state.hpp"

using namespace tc;

namespace {

void check(bool ok) {
  if (!ok) std::abort();  // libFuzzer records the input as a crasher
}

void check_round_trip(const domain::Decimal& d) {
  const auto back = domain::parse_price(d.str(), "p");
  check(back.ok() && *back == d);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  boost::system::error_code ec;
  auto v = boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
  if (ec || !v.is_object()) return 0;
  const auto& o = v.get_object();

  if (auto draft = api::decode_alert(o)) {
    check(draft->targets.size() <= domain::kMaxTargets);
    if (auto spec = domain::check_alert(*draft)) {
      check(spec->targets.size() <= domain::kMaxTargets);
      check(domain::on_losing_side(spec->side, spec->entry_low, spec->entry_high, spec->stop));
      check(!(spec->entry_high < spec->entry_low));
      for (const auto& t : spec->targets) {
        check(domain::on_winning_side(spec->side, spec->entry_low, spec->entry_high, t));
        check_round_trip(t);
      }
      check_round_trip(spec->entry_low);
      check_round_trip(spec->stop);
      domain::AlertState a;
      a.spec = *spec;
      a.stop = spec->stop;
      a.targets = spec->targets;
      (void)api::alert_json(a, domain::Tier::free);
      // Fill at the entry and close at the first target (or the stop): P&L is defined, any sizes.
      const auto fill = spec->entry_low;
      check(domain::apply_update(a, {domain::UpdateKind::filled, fill, std::nullopt, std::nullopt}, 1).ok());
      const auto exit = spec->targets.empty() ? spec->stop : spec->targets.front();
      check(domain::apply_update(a, {domain::UpdateKind::close, exit, std::nullopt, std::nullopt}, 2).ok());
      check(a.pnl.has_value());
      (void)api::alert_json(a, domain::Tier::premium);
    }
  }
  if (auto draft = api::decode_update(o)) {
    if (auto u = domain::check_update(*draft)) {
      check(u->kind == domain::UpdateKind::retract || u->price.has_value());
      if (u->price) check_round_trip(*u->price);
      domain::AlertState a;
      a.spec.entry_low = a.spec.entry_high = *domain::parse_price("100", "p");
      a.spec.stop = a.stop = *domain::parse_price("90", "p");
      a.fill = a.spec.entry_low;
      a.status = "active";
      (void)domain::apply_update(a, *u, 1);  // accepted or refused with a code; never throws
      (void)api::update_json({*u, 2, "h", 1});
    }
  }
  if (auto change = api::decode_alert_settings(o)) {
    for (const auto& s : {change->premium_s, change->basic_s, change->free_s}) {
      if (s) check(*s >= 0 && *s <= domain::kMaxReleaseDelaySeconds);
    }
  }
  return 0;
}
