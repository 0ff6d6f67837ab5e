#include "media/hls_program_date.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace tc::media {
namespace {

constexpr std::string_view kExtinf = "#EXTINF:";
constexpr std::string_view kMediaSequence = "#EXT-X-MEDIA-SEQUENCE:";
constexpr std::string_view kProgramDate = "#EXT-X-PROGRAM-DATE-TIME:";

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// The EXTINF duration in seconds ("2.000," or "1.966666,title"); nullopt-like -1 when unreadable.
double extinf_seconds(std::string_view line) {
  auto v = line.substr(kExtinf.size());
  v = v.substr(0, v.find(','));
  double d = -1;
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
  if (ec != std::errc() || p != v.data() + v.size() || !std::isfinite(d) || d < 0) return -1;
  return d;
}

}  // namespace

std::string iso8601_utc_ms(int64_t epoch_ms) {
  const int64_t secs = epoch_ms >= 0 ? epoch_ms / 1000 : (epoch_ms - 999) / 1000;
  const int ms = static_cast<int>(epoch_ms - secs * 1000);
  const std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];  // the widest ints fit (the compiler checks it)
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
  return buf;
}

std::string with_program_dates(std::string_view playlist, int64_t origin_epoch_ms) {
  if (playlist.find(kProgramDate) != std::string_view::npos) return std::string(playlist);
  std::string out;
  out.reserve(playlist.size() + playlist.size() / 2);
  // Summed in seconds and rounded once per segment, so EXTINF's rounding does not accumulate.
  double elapsed_s = 0;
  size_t pos = 0;
  while (pos < playlist.size()) {
    size_t end = playlist.find('\n', pos);
    const size_t next = end == std::string_view::npos ? playlist.size() : end + 1;
    std::string_view line = playlist.substr(pos, next - pos);
    std::string_view bare = line;
    while (!bare.empty() && (bare.back() == '\n' || bare.back() == '\r')) bare.remove_suffix(1);
    if (starts_with(bare, kMediaSequence) && bare.substr(kMediaSequence.size()) != "0") return std::string(playlist);
    if (starts_with(bare, kExtinf)) {
      const double d = extinf_seconds(bare);
      if (d < 0) return std::string(playlist);  // not a playlist we understand: leave it undated
      const auto at = origin_epoch_ms + static_cast<int64_t>(std::llround(elapsed_s * 1000.0));
      out.append(kProgramDate).append(iso8601_utc_ms(at)).push_back('\n');
      elapsed_s += d;
    }
    out.append(line);
    pos = next;
  }
  return out;
}

}  // namespace tc::media
