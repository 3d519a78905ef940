#include "search/analyzer_tokenizer.h"

#include <string_view>

namespace khabar::search {
namespace {

// The per-thread analysis buffer, lent to one tokenize call at a time.
thread_local text::AnalyzedText t_buffer;
thread_local bool t_buffer_in_use = false;

class AnalyzerTokenizer final : public store::IndexTokenizer {
 public:
  explicit AnalyzerTokenizer(const text::Analyzer& analyzer)
      : analyzer_(analyzer) {}

  std::string_view name() const override { return analyzer_.name(); }
  int revision() const override { return analyzer_.revision(); }

  void Tokenize(std::string_view text, bool is_query,
                const store::EmitTerm& emit) const override {
    // Captures one reference: fits std::function's inline storage.
    TokenizePositioned(
        text, is_query,
        [&emit](std::string_view term, uint32_t begin, uint32_t end,
                bool /*colocated*/) { return emit(term, begin, end); });
  }

  void TokenizePositioned(
      std::string_view text, bool is_query,
      const store::EmitPositionedTerm& emit) const override {
    // A consumer that tokenizes again from inside `emit` gets a fresh local
    // buffer instead of clobbering the one being read.
    if (t_buffer_in_use) {
      text::AnalyzedText local;
      AnalyzeInto(text, is_query, emit, local);
      return;
    }
    t_buffer_in_use = true;
    struct Release {
      ~Release() { t_buffer_in_use = false; }
    } release;
    AnalyzeInto(text, is_query, emit, t_buffer);
  }

 private:
  void AnalyzeInto(std::string_view text, bool is_query,
                   const store::EmitPositionedTerm& emit,
                   text::AnalyzedText& analyzed) const {
    analyzed.Clear();
    analyzer_.Analyze(
        text,
        is_query ? text::AnalyzerMode::kQuery : text::AnalyzerMode::kDocument,
        &analyzed);
    for (size_t i = 0; i < analyzed.terms.size(); ++i) {
      const text::TermRef& ref = analyzed.terms[i];
      const bool colocated =
          i > 0 && analyzed.terms[i - 1].position == ref.position;
      if (!emit(analyzed.Term(ref), ref.begin, ref.end, colocated)) return;
    }
  }

  const text::Analyzer& analyzer_;
};

}  // namespace

std::unique_ptr<store::IndexTokenizer> MakeIndexTokenizer(
    const text::Analyzer& analyzer) {
  return std::make_unique<AnalyzerTokenizer>(analyzer);
}

}  // namespace khabar::search
