// libFuzzer target for the tokenizer, the stemmer and both analyzers. Inputs
// that are not valid UTF-8 are skipped (the engine's contract starts after
// ValidateUtf8). Aborts on any broken invariant: tokens and separators must
// rebuild the input, offsets must land on code point boundaries, stems must
// be substrings of at least three letters, analyzers must agree with
// AnalyzeDetailed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "text/analyzer.h"
#include "text/arabic_letters.h"
#include "text/normalizer.h"
#include "text/stemmer.h"
#include "text/tokenizer.h"
#include "text/utf8.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace khabar::text;  // NOLINT: fuzz entry point
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!ValidateUtf8(text).ok()) return 0;

  std::string rebuilt;
  std::size_t pos = 0;
  for (const Token& t : Tokenize(text)) {
    Check(pos <= t.begin && t.begin < t.end && t.end <= size);
    Check(IsUtf8Boundary(text, t.begin) && IsUtf8Boundary(text, t.end));
    for (std::size_t p = pos; p < t.begin;) {
      const DecodedChar d = DecodeUtf8(text, p);
      const CharClass k = ClassOf(d.code_point);
      Check(k == CharClass::kSpace || k == CharClass::kIgnorable);
      p += d.length;
    }
    rebuilt.append(text.substr(pos, t.begin - pos));
    rebuilt.append(t.Text(text));
    pos = t.end;
    if (t.kind == TokenKind::kWord) {
      const std::string word = NormalizeToString(t.Text(text));
      const CliticParts parts = CliticSplit(word);
      Check(std::string(parts.prefix) + std::string(parts.stem) +
                std::string(parts.suffix) ==
            word);
      Check(parts.stem.size() == word.size() || parts.stem.size() >= 6);
    }
  }
  rebuilt.append(text.substr(pos));
  Check(rebuilt == text);

  static const auto khabar = MakeKhabarAnalyzer();
  static const auto snowball = MakeSnowballAnalyzer();
  std::vector<std::string> terms;
  for (const Analyzer* analyzer : {khabar.get(), snowball.get()}) {
    AnalyzedText out;
    analyzer->Analyze(text, AnalyzerMode::kDocument, &out);
    uint32_t last_end = 0;
    for (const TermRef& t : out.terms) {
      Check(t.term_size > 0 &&
            t.term_begin + t.term_size <= out.terms_buffer.size());
      Check(last_end <= t.begin && t.begin < t.end && t.end <= size);
      Check(IsUtf8Boundary(text, t.begin) && IsUtf8Boundary(text, t.end));
      Check(ValidateUtf8(out.Term(t)).ok());
      last_end = t.end;
      if (analyzer == khabar.get()) terms.emplace_back(out.Term(t));
    }
  }
  std::vector<std::string> detailed;
  for (const TokenDetail& d : AnalyzeDetailed(text)) {
    if (d.indexed) detailed.push_back(d.stem);
  }
  Check(detailed == terms);
  return 0;
}
