#include "text/utf8.h"

#include <cstring>
#include <string>

namespace khabar::text {

Status ValidateUtf8(std::string_view text) {
  const std::size_t bad = FindInvalidUtf8(text);
  if (bad == kUtf8Valid) return Status::Ok();
  return Status::InvalidArgument("invalid UTF-8 at byte " +
                                 std::to_string(bad));
}

}  // namespace khabar::text
