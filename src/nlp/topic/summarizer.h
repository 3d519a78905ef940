// Extractive lead summary of a news article.
//
// Picks the sentences that best stand for the article and returns them in
// article order. A sentence scores by
//  - cosine similarity of its stem vector to the whole article's (TF x
//    in-article inverse sentence frequency): it talks about what the
//    article talks about;
//  - overlap with the title's stems: the headline states the story;
//  - a position prior 1/(1 + index): news leads with the essentials.
// A leading dateline ("بيروت (رويترز) -", "دبي، الإمارات العربية المتحدة
// (CNN)--", "لندن - بي بي سي -") is stripped from the first sentence of
// each of the first three paragraphs (a byline may come first); a sentence
// that is only a dateline is dropped. Sentences under six words and
// sentences that are wholly a quotation are used only when nothing better
// is left. Function words (stopwords.h) do not count.
//
// Pure and thread-safe. Input is UTF-8; texts that are not valid UTF-8 are
// ignored.
#ifndef KHABAR_NLP_TOPIC_SUMMARIZER_H_
#define KHABAR_NLP_TOPIC_SUMMARIZER_H_

#include <string>
#include <string_view>
#include <vector>

namespace khabar::nlp {

// At most `max_sentences` sentences (copies, dateline removed), in article
// order; empty when there is no sentence or max_sentences <= 0.
std::vector<std::string> Summarize(std::string_view title,
                                   const std::vector<std::string>& paragraphs,
                                   int max_sentences = 2);

// `sentence` without a leading dateline ("CITY - ", "CITY، COUNTRY (AGENCY)
// -- ", "(AGENCY)- ") and a following agency credit ("بي بي سي -"); the
// input unchanged when it has none. Exposed for tests.
std::string_view StripDateline(std::string_view sentence);

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_TOPIC_SUMMARIZER_H_
