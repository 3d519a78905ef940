// A text::Analyzer for search/ tests whose expectations must not move when
// the real Arabic analyzer is tuned: splits on ASCII whitespace and ASCII
// punctuation, lowercases ASCII letters, keeps other bytes. Optionally adds,
// in document mode only, a colocated "~word" term after each word, to test
// how colocated terms travel to FTS5. Test-only; header-only.
#ifndef KHABAR_SEARCH_FAKE_ANALYZER_H_
#define KHABAR_SEARCH_FAKE_ANALYZER_H_

#include <string>
#include <string_view>

#include "text/analyzer.h"

namespace khabar::search::testing {

class FakeAnalyzer final : public text::Analyzer {
 public:
  explicit FakeAnalyzer(bool add_colocated = false)
      : add_colocated_(add_colocated) {}

  std::string_view name() const override { return "fake"; }

  void Analyze(std::string_view text, text::AnalyzerMode mode,
               text::AnalyzedText* out) const override {
    uint32_t position = 0;
    size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && IsSeparator(text[i])) ++i;
      const size_t begin = i;
      while (i < text.size() && !IsSeparator(text[i])) ++i;
      if (begin == i) break;
      std::string term(text.substr(begin, i - begin));
      for (char& c : term) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      }
      Append(term, begin, i, position, out);
      if (add_colocated_ && mode == text::AnalyzerMode::kDocument) {
        Append("~" + term, begin, i, position, out);
      }
      ++position;
    }
  }

 private:
  static bool IsSeparator(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u <= ' ' ||
           (u < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '_'));
  }

  static void Append(const std::string& term, size_t begin, size_t end,
                     uint32_t position, text::AnalyzedText* out) {
    text::TermRef ref;
    ref.term_begin = static_cast<uint32_t>(out->terms_buffer.size());
    ref.term_size = static_cast<uint32_t>(term.size());
    ref.begin = static_cast<uint32_t>(begin);
    ref.end = static_cast<uint32_t>(end);
    ref.position = position;
    out->terms_buffer += term;
    out->terms.push_back(ref);
  }

  bool add_colocated_;
};

}  // namespace khabar::search::testing

#endif  // KHABAR_SEARCH_FAKE_ANALYZER_H_
