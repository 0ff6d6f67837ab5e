#pragma once
// UTF-8 checks shared by every user-visible text field (titles, usernames, chat).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tc::core {

// Number of code points if `s` is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
std::optional<size_t> utf8_length(std::string_view s);

// True if `s` holds a C0/C1 control character or DEL; `allow_newlines` lets \n and \t through.
bool has_control_chars(std::string_view s, bool allow_newlines = false);

// The code points of well-formed UTF-8 (the rules of utf8_length), else nullopt.
std::optional<std::u32string> utf8_decode(std::string_view s);
std::string utf8_encode(std::u32string_view cps);

// Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties 15.0): code points a renderer shows
// as nothing — zero-width spaces and joiners, U+FEFF, bidi marks and controls, variation selectors,
// Hangul fillers, tag characters, …
bool is_default_ignorable(char32_t cp);
// Unicode White_Space (spaces of every width, line and paragraph separators).
bool is_unicode_space(char32_t cp);
// Explicit direction embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they can
// make text display in another order than it is stored ("Trojan Source").
bool is_bidi_override(char32_t cp);

// What invisible characters a text holds, and the text without the ones that never carry meaning.
struct InvisibleCheck {
  std::string text;            // input without the fillers (ZWSP, U+FEFF, word joiner, soft hyphen, …)
  bool bidi_override = false;  // holds an embedding, override or isolate
  bool stray_tags = false;     // tag characters outside an emoji tag sequence (hidden "ASCII smuggling")
  bool visible = false;        // holds at least one character that is neither ignorable nor space
};
// For well-formed UTF-8 only (check it with utf8_length first). Kept: ZWJ/ZWNJ (emoji sequences,
// Persian, Indic scripts), variation selectors, bidi marks (LRM, RLM, ALM), Mongolian selectors and
// tag characters inside an emoji tag sequence (U+1F3F4, tags, U+E007F: subdivision flags).
InvisibleCheck check_invisible(std::string_view utf8);

// `s` without leading and trailing ASCII white space.
std::string_view trim(std::string_view s);

std::string to_lower_ascii(std::string_view s);

}  // namespace tc::core
