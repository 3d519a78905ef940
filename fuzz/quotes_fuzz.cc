// libFuzzer target for the quotation finder and the MinHash signature.
// Inputs that are not valid UTF-8 are skipped (FindQuotes' contract starts
// after ValidateUtf8). Every third word becomes a fake person mention, so
// speaker resolution runs too. Aborts on any broken invariant: quote, cue
// and speaker spans must lie inside the input on code point boundaries,
// Quote::text must equal the quoted substring, quotes must come in order,
// and a signature must round-trip and match itself.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "nlp/quotes/quotes.h"
#include "nlp/quotes/signature.h"
#include "text/tokenizer.h"
#include "text/utf8.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

bool SpanOk(std::string_view text, uint32_t begin, uint32_t end) {
  return begin <= end && end <= text.size() &&
         khabar::text::IsUtf8Boundary(text, begin) &&
         khabar::text::IsUtf8Boundary(text, end);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace nlp = khabar::nlp;
  namespace text = khabar::text;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (!text::ValidateUtf8(input).ok()) return 0;

  std::vector<nlp::SpeakerCandidate> persons;
  std::size_t words = 0;
  for (const text::Token& t : text::Tokenize(input)) {
    if (t.kind == text::TokenKind::kPunct) continue;
    if (++words % 3 == 0) {
      persons.push_back({t.begin, t.end, std::string(t.Text(input))});
    }
  }
  // One mention with junk offsets, which must be ignored.
  persons.push_back({static_cast<uint32_t>(size), static_cast<uint32_t>(size + 7),
                     "out of range"});

  uint32_t last_begin = 0;
  for (const nlp::Quote& q : nlp::FindQuotes(input, persons)) {
    Check(SpanOk(input, q.begin, q.end));
    Check(q.text == input.substr(q.begin, q.end - q.begin));
    Check(SpanOk(input, q.cue_begin, q.cue_end) && q.cue_begin < q.cue_end);
    Check(q.cue == input.substr(q.cue_begin, q.cue_end - q.cue_begin));
    Check(SpanOk(input, q.speaker_begin, q.speaker_end));
    Check(q.speaker != "out of range");
    Check(q.begin >= last_begin);
    last_begin = q.begin;
  }

  const nlp::MinHashSignature sig = nlp::ComputeSignature(input);
  const auto parsed = nlp::MinHashSignature::Parse(sig.Serialize());
  Check(parsed.ok() && *parsed == sig);
  Check(sig.empty() || nlp::EstimateJaccard(sig, sig) == 1.0);
  return 0;
}
