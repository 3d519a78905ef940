#include "nlp/topic/taxonomy.h"

#include <array>

namespace khabar::nlp {
namespace {

constexpr std::array<Section, 8> kSections = {{
    {"middle_east", "الشرق الأوسط والعالم العربي"},
    {"world", "العالم"},
    {"economy", "اقتصاد"},
    {"sport", "رياضة"},
    {"culture", "ثقافة وفنون"},
    {"technology", "علوم وتكنولوجيا"},
    {"society", "مجتمع"},
    {"variety", "منوعات"},
}};

struct LabelMapping {
  std::string_view corpus_label;
  std::string_view section_id;
};

// ANT v2.1 (BBC, CNN, France24) and ANT v1.1 (Jawhara FM, Tunisia).
// v1.1's localNews and politic are Tunisian domestic news and politics: for a
// pan-Arab site that is the Arab-world section. v1.1's internationalNews is
// "abroad" from Tunis and includes other Arab countries; it maps to world,
// which is the label noise README.md measures.
constexpr std::array<LabelMapping, 12> kLabelMap = {{
    {"middleEast", "middle_east"},
    {"internationalNews", "world"},
    {"economy", "economy"},
    {"sport", "sport"},
    {"culture", "culture"},
    {"technology", "technology"},
    {"localNews", "middle_east"},
    {"politic", "middle_east"},
    {"society", "society"},
    {"diverse", "variety"},
    {"world", "world"},
    {"middle_east", "middle_east"},
}};

}  // namespace

std::span<const Section> Sections() { return kSections; }

std::optional<int> SectionIndex(std::string_view id) {
  for (std::size_t i = 0; i < kSections.size(); ++i) {
    if (kSections[i].id == id) return static_cast<int>(i);
  }
  return std::nullopt;
}

std::optional<int> MapCorpusLabel(std::string_view label) {
  for (const LabelMapping& m : kLabelMap) {
    if (m.corpus_label == label) return SectionIndex(m.section_id);
  }
  return SectionIndex(label);
}

}  // namespace khabar::nlp
