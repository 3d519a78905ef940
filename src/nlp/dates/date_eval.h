// EvaluateDates: scores FindDates against a folder of TimeML documents
// (.tml files with inline TIMEX3 gold), e.g. the Arabic TimeML news corpus
// in /work/shared/data/arabic-timeml-news/{train,dev}.
//
// Counting (see README.md for why):
//  - Gold is every TIMEX3 in the text of all four types (DATE, TIME,
//    DURATION, SET); FindDates emits all four kinds. A TIMEX3 inside <DCT>
//    is the document's creation time, not gold.
//  - Strict detection: a mention and a gold span with the same byte offsets.
//    Relaxed: they overlap. Precision counts mentions that hit some gold,
//    recall counts gold that some mention hits.
//  - Value accuracy: over gold of type DATE with a non-empty value that a
//    mention overlaps (the largest overlap wins), the fraction whose value
//    equals the gold value exactly. A coarser or finer value ("2015" for
//    "2015-12") is wrong: granularity is part of the normalization.
//  - Publication date: the document's DCT when it has one, else
//    DateEvalOptions::reference_date.
// Reading is a small tolerant XML reader of our own: tags other than TIMEX3
// and DCT are dropped, the five predefined entities are decoded, the text is
// what lies inside <TimeML> (or the whole file without it).
// Thread-safe; every result is a value.
#ifndef KHABAR_NLP_DATES_DATE_EVAL_H_
#define KHABAR_NLP_DATES_DATE_EVAL_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/time.h"

namespace khabar::nlp {

// The arabic-timeml-news documents have no DCT; every deictic gold value
// in train (اليوم, أمس, غدا, الخميس ...) is anchored to 2015-12-24, the
// day the annotators ran their tagger, so that is the corpus default.
inline constexpr UnixSeconds kArabicTimeMlReferenceDate = 1450915200;

struct DateEvalOptions {
  std::optional<UnixSeconds> reference_date = kArabicTimeMlReferenceDate;
};

struct PrecisionRecall {
  int true_positive_mentions = 0;  // mentions that hit gold
  int true_positive_gold = 0;      // gold that a mention hits
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

// One disagreement, for error analysis.
struct DateEvalDiff {
  enum class What { kMissed, kSpurious, kWrongValue };
  What what = What::kMissed;
  std::string file;
  std::string gold_text;  // empty for kSpurious
  std::string gold_type;
  std::string gold_value;
  std::string found_text;  // empty for kMissed
  std::string found_value;
};

struct DateEvalResult {
  int documents = 0;
  int gold = 0;
  int found = 0;
  PrecisionRecall strict;
  PrecisionRecall relaxed;
  int value_gold = 0;     // matched DATE gold with a value
  int value_correct = 0;
  double value_accuracy = 0;
  std::map<std::string, int> gold_by_type;   // TIMEX3 type -> count
  std::map<std::string, int> found_by_type;  // relaxed hits per gold type
  std::vector<DateEvalDiff> diffs;
};

// A parsed TimeML document.
struct TimeMlTimex {
  uint32_t begin = 0;  // byte offsets into TimeMlDocument::text
  uint32_t end = 0;
  std::string type;
  std::string value;
};
struct TimeMlDocument {
  std::string text;
  std::vector<TimeMlTimex> timexes;
  std::optional<UnixSeconds> creation_time;  // from <DCT>, when present
};

// Corruption when a TIMEX3 is not closed or nested.
Result<TimeMlDocument> ParseTimeMl(std::string_view xml);

// NotFound when `dir` does not exist or has no .tml file; IOError or
// Corruption (naming the file) when one cannot be read or parsed.
Result<DateEvalResult> EvaluateDates(const std::string& dir);
Result<DateEvalResult> EvaluateDates(const std::string& dir,
                                     const DateEvalOptions& options);

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_DATES_DATE_EVAL_H_
