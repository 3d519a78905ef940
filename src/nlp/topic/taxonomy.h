// Khabar's section taxonomy and how the training corpora's labels map into
// it. See README.md for why each corpus label goes where it does.
//
// Sections are a fixed, ordered list; their order is the class order of the
// topic model (the model file stores the ids too and Load checks them).
// Everything here is constant data: thread-safe, nothing to own.
#ifndef KHABAR_NLP_TOPIC_TAXONOMY_H_
#define KHABAR_NLP_TOPIC_TAXONOMY_H_

#include <optional>
#include <span>
#include <string_view>

namespace khabar::nlp {

struct Section {
  std::string_view id;           // stable English id: "middle_east"
  std::string_view arabic_name;  // display name: "الشرق الأوسط"
};

// All sections, in model class order.
std::span<const Section> Sections();

// Index of `id` in Sections(), or nullopt.
std::optional<int> SectionIndex(std::string_view id);

// Maps a corpus label (ANT v1.1 / v2.1 directory names such as
// "internationalNews", "middleEast", "politic") to a section index; nullopt
// for a label with no section. Labels that are already section ids map to
// themselves, so Khabar's own JSONL files can be evaluated too.
std::optional<int> MapCorpusLabel(std::string_view label);

}  // namespace khabar::nlp

#endif  // KHABAR_NLP_TOPIC_TAXONOMY_H_
