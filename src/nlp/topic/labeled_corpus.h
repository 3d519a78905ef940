// Reads labeled news JSONL (one object per line with "title", "text" and
// "label", as in the ANT corpora under /work/shared/data) for training and
// evaluation. Pure function; the returned documents are owned by the caller.
#ifndef KHABAR_NLP_TOPIC_LABELED_CORPUS_H_
#define KHABAR_NLP_TOPIC_LABELED_CORPUS_H_

#include <string>
#include <vector>

#include "base/status.h"

namespace khabar::nlp {

struct LabeledDoc {
  std::string title;
  std::string text;
  std::string label;  // as written in the file (a corpus label)
};

// NotFound for a missing file; InvalidArgument naming the line for malformed
// JSON, a missing "label", or invalid UTF-8. Blank lines are skipped.
Result<std::vector<LabeledDoc>> ReadLabeledJsonl(const std::string& path);

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_TOPIC_LABELED_CORPUS_H_
