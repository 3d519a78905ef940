// libFuzzer target for the extract layer's parsers: ExtractPlainText,
// ParseJsonlRecord and ParseDateTime/ParseArabicDate run on the same bytes.
//
// Invariants checked (a violation aborts, so the fuzzer keeps the input):
// - nothing crashes, leaks or trips ASan/UBSan, whatever the bytes;
// - on success every paragraph is a non-empty string of valid UTF-8, as are
//   the title and author, and there is at least one paragraph;
// - dropped lines carry a reason and line numbers that exist in the input,
//   in increasing order, none of them also kept;
// - a parsed date survives a round trip through FormatIso8601.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "base/time.h"
#include "extract/dates.h"
#include "extract/jsonl.h"
#include "extract/line_text.h"
#include "extract/plain_text.h"
#include "text/utf8.h"

namespace {

using khabar::extract::RawArticle;

void Check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "invariant violated: %s\n", what);
  std::abort();
}

bool ValidUtf8(std::string_view s) {
  return khabar::text::FindInvalidUtf8(s) == khabar::text::kUtf8Valid;
}

void CheckArticle(const RawArticle& a, std::size_t line_count) {
  Check(!a.paragraphs.empty(), "an article has at least one paragraph");
  for (const std::string& p : a.paragraphs) {
    Check(!p.empty(), "paragraphs are non-empty");
    Check(ValidUtf8(p), "paragraphs are valid UTF-8");
  }
  Check(ValidUtf8(a.title), "the title is valid UTF-8");
  Check(ValidUtf8(a.author), "the author is valid UTF-8");
  int previous = 0;
  for (const khabar::extract::DroppedLine& d : a.dropped) {
    Check(d.line >= 1 && static_cast<std::size_t>(d.line) <= line_count,
          "dropped line numbers are in range");
    Check(d.line > previous, "dropped lines are in increasing order");
    Check(!d.reason.empty(), "dropped lines have a reason");
    Check(ValidUtf8(d.text), "dropped text is valid UTF-8");
    previous = d.line;
  }
  Check(a.paragraphs.size() + a.dropped.size() <= line_count,
        "each line is kept or dropped at most once");
}

void CheckDate(std::optional<khabar::UnixSeconds> t) {
  if (!t) return;
  Check(khabar::extract::ParseDateTime(khabar::FormatIso8601(*t)) == t,
        "a parsed date round-trips through FormatIso8601");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  khabar::Result<RawArticle> plain = khabar::extract::ExtractPlainText(bytes);
  if (plain.ok()) {
    CheckArticle(*plain, khabar::extract::internal::SplitLines(bytes).size());
  }

  khabar::Result<RawArticle> record = khabar::extract::ParseJsonlRecord(bytes);
  if (record.ok()) {
    // JSONL line numbers count lines of the "text" field; its line count is
    // not known here, so only the content invariants are checked.
    CheckArticle(*record, record->paragraphs.size() + record->dropped.size());
  }

  CheckDate(khabar::extract::ParseDateTime(bytes));
  if (ValidUtf8(bytes)) CheckDate(khabar::extract::ParseArabicDate(bytes));
  return 0;
}
