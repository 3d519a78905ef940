// libFuzzer target for the normalizer and the sentence splitter. Inputs that
// are not valid UTF-8 are checked to be rejected and otherwise ignored (the
// engine's contract starts after ValidateUtf8). Aborts on any broken
// invariant: idempotence, offset map shape, span order.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "text/normalizer.h"
#include "text/sentence.h"
#include "text/utf8.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace khabar::text;  // NOLINT: fuzz entry point
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!ValidateUtf8(text).ok()) {
    Check(FindInvalidUtf8(text) < size);
    return 0;
  }

  for (const NormalizeOptions& options :
       {NormalizeOptions(), NormalizeOptions::LosslessOnly()}) {
    const Normalizer normalizer(options);
    const NormalizedText n = normalizer.Normalize(text);
    Check(ValidateUtf8(n.text).ok());
    Check(n.offsets.size() == n.text.size() + 1);
    Check(n.offsets.back() == size);
    for (std::size_t i = 0; i < n.offsets.size(); ++i) {
      Check(n.offsets[i] <= size && IsUtf8Boundary(text, n.offsets[i]));
      if (i > 0) Check(n.offsets[i - 1] <= n.offsets[i]);
    }
    Check(normalizer.Normalize(n.text).text == n.text);  // idempotent
    std::string word;
    normalizer.AppendNormalizedWord(text, &word);
    Check(word == n.text);
  }

  uint32_t last = 0;
  for (const SentenceSpan& s : SplitSentences(text)) {
    Check(last <= s.begin && s.begin < s.end && s.end <= size);
    Check(IsUtf8Boundary(text, s.begin) && IsUtf8Boundary(text, s.end));
    last = s.end;
  }
  return 0;
}
