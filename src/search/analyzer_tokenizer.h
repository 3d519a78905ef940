// Adapts a text::Analyzer to store::IndexTokenizer, the seam through which
// the store (which sits below text/) receives Khabar's analysis.
#ifndef KHABAR_SEARCH_ANALYZER_TOKENIZER_H_
#define KHABAR_SEARCH_ANALYZER_TOKENIZER_H_

#include <memory>

#include "store/index_tokenizer.h"
#include "text/analyzer.h"

namespace khabar::search {

// The returned tokenizer borrows `analyzer`, which must outlive it. Its
// name() is the analyzer's name(), so an index records which analyzer built
// it. Documents are analyzed in kDocument mode and MATCH strings in kQuery
// mode; a term at the same position as the previous one (an alternative form
// the analyzer adds) is reported colocated, so phrases stay consecutive.
// Thread-safe; each thread reuses one AnalyzedText buffer, so tokenizing
// allocates nothing in steady state.
std::unique_ptr<store::IndexTokenizer> MakeIndexTokenizer(
    const text::Analyzer& analyzer);

}  // namespace khabar::search

#endif  // KHABAR_SEARCH_ANALYZER_TOKENIZER_H_
