#pragma once
#include <string>
#include <string_view>

namespace tc::core {

// A random (version 4) UUID in canonical lower-case form, as the founding schema uses for ids.
std::string new_uuid();

// True for the canonical 36-character form (any version), lower or upper case hex.
bool is_uuid(std::string_view s);

// n random bytes, hex encoded (2n characters), from the OS CSPRNG.
std::string random_hex(size_t n);

}  // namespace tc::core
