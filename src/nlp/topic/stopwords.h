// Arabic function words (prepositions, particles, pronouns, demonstratives,
// relative pronouns, auxiliaries, common reporting verbs and time words) that
// never make a keyword or carry a sentence's topic.
//
// The list is written in ordinary spelling and folded through the Khabar
// analyzer once, on first use, so lookups match whatever the analyzer's
// folds are (alef forms, teh marbuta, alef maqsura). Thread-safe (the table
// is built by a function-local static).
#ifndef KHABAR_NLP_TOPIC_STOPWORDS_H_
#define KHABAR_NLP_TOPIC_STOPWORDS_H_

#include <string_view>

namespace khabar::nlp {

// True when `folded` (a TokenDetail::normalized or ::stem) is a function
// word. Clitic-carrying forms (وفي, لهذا) are caught by checking the stem.
bool IsStopword(std::string_view folded);

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_TOPIC_STOPWORDS_H_
