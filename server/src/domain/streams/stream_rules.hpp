#pragma once
// Field rules for streams, shared by create and (later) update.
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "store/rows.hpp"

namespace tc::domain {

constexpr size_t kTitleMax = 140;          // code points
constexpr size_t kDescriptionMax = 2000;   // code points
constexpr size_t kCategoryMax = 50;        // code points
constexpr size_t kSearchMax = 100;         // code points of a directory search
constexpr int kPageDefault = 24;
constexpr int kPageMax = 100;
constexpr const char* kDefaultCategory = "trading";

// Trimmed title; errors title_required, title_too_long, invalid_text.
core::Result<std::string> normalize_title(std::string_view title);
// Trimmed description (newlines allowed), empty → none; errors description_too_long, invalid_text.
core::Result<std::optional<std::string>> normalize_description(std::string_view description);
// Lower-cased, trimmed category of letters, digits, ' ', '-', '_'; errors invalid_category.
core::Result<std::string> normalize_category(std::string_view category);

bool is_stream_status(std::string_view s);

// Opaque directory cursors (base64url of "started_at:stream_id").
std::string encode_cursor(const store::StreamCursor& c);
std::optional<store::StreamCursor> decode_cursor(std::string_view s);

}  // namespace tc::domain
