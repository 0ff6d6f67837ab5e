#include "domain/alerts/alert_release.hpp"

namespace tc::domain {

const char* tier_name(Tier t) {
  switch (t) {
    case Tier::premium:
      return "PREMIUM";
    case Tier::basic:
      return "BASIC";
    case Tier::owner:
      return "OWNER";
    case Tier::free:
      break;
  }
  return "FREE";
}

Tier tier_from_badge(const std::optional<std::string>& badge) {
  if (badge == "PREMIUM") return Tier::premium;
  if (badge == "BASIC") return Tier::basic;
  return Tier::free;
}

int64_t release_delay_ms(const ReleaseDelays& delays, Tier tier) {
  switch (tier) {
    case Tier::owner:
      return 0;
    case Tier::premium:
      return int64_t{delays.premium_s} * 1000;
    case Tier::basic:
      return int64_t{delays.basic_s} * 1000;
    case Tier::free:
      break;
  }
  return int64_t{delays.free_s} * 1000;
}

}  // namespace tc::domain
