// libFuzzer target for the date recognizer. Inputs that are not valid UTF-8
// are skipped (FindDates' contract starts after ValidateUtf8). Runs
// FindDates with and without a publication date and aborts on any broken
// invariant: mentions must be ordered, non-overlapping, non-empty, inside
// the input, on code point boundaries, and their text must be the input
// bytes they span; without a publication date no value may depend on one.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <vector>

#include "base/time.h"
#include "nlp/dates/dates.h"
#include "text/utf8.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

void CheckMentions(std::string_view text,
                   const std::vector<khabar::nlp::DateMention>& mentions) {
  uint32_t last_end = 0;
  for (const khabar::nlp::DateMention& m : mentions) {
    Check(last_end <= m.begin && m.begin < m.end && m.end <= text.size());
    Check(khabar::text::IsUtf8Boundary(text, m.begin) &&
          khabar::text::IsUtf8Boundary(text, m.end));
    Check(m.text == text.substr(m.begin, m.end - m.begin));
    last_end = m.end;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!khabar::text::ValidateUtf8(text).ok()) return 0;

  // The seed article's publication time, and one before the epoch.
  static const khabar::UnixSeconds kPublished = 1477474200;
  static const khabar::UnixSeconds kOld = -86400 * 400 - 5;
  const auto with = khabar::nlp::FindDates(text, kPublished);
  const auto old = khabar::nlp::FindDates(text, kOld);
  const auto without = khabar::nlp::FindDates(text, std::nullopt);
  CheckMentions(text, with);
  CheckMentions(text, old);
  CheckMentions(text, without);
  // The publication date changes values, never what is found.
  Check(with.size() == without.size() && old.size() == without.size());
  for (std::size_t i = 0; i < with.size(); ++i) {
    Check(with[i].begin == without[i].begin && with[i].end == without[i].end);
    Check(with[i].kind == without[i].kind);
    Check(without[i].value.empty() || without[i].value == with[i].value ||
          without[i].value.find('-') == std::string_view::npos);
  }
  return 0;
}
