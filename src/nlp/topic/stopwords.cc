#include "nlp/topic/stopwords.h"

#include <functional>
#include <string>
#include <unordered_set>

#include "text/analyzer.h"

namespace khabar::nlp {
namespace {

// Space-separated, ordinary spelling. Reporting verbs (قال, أضاف ...) and
// calendar words are here because in news they appear in nearly every
// article and would otherwise top every keyword list.
constexpr std::string_view kStopwordText =
    // prepositions and particles
    "في من إلى الى على عن مع منذ حتى عند لدى نحو خلال بين ضد حول عبر دون "
    "بعد قبل فوق تحت أمام وراء خلف ثم أو أم بل لكن لكن لكنه غير سوى إلا "
    "إن أن إنه أنه إنها أنها كان كانت يكون تكون كانوا يكونوا ليس ليست لم لن "
    "لا ما ماذا لماذا كيف أين متى هل قد لقد سوف كل بعض أي أية أيضا أيضاً "
    "كما كذلك مثل إذ إذا لو لولا حيث بينما أما إما وإن فقد فإن ولا وما "
    "و ف ب ك ل يا "
    // pronouns, demonstratives, relatives
    "هو هي هم هن هما أنا نحن أنت أنتم انتم "
    "هذا هذه ذلك تلك هؤلاء أولئك هنا هناك هنالك "
    "الذي التي الذين اللذين اللتين اللاتي اللواتي اللذان اللتان "
    "له لها لهم لهن به بها بهم فيه فيها فيهم منه منها منهم عليه عليها "
    "عليهم إليه إليها إليهم عنه عنها عنهم معه معها معهم لديه لديها لديهم "
    "وهو وهي وهم وكان وكانت "
    // quantities and vague nouns
    "عدة عدد جميع كافة أكثر أقل أول آخر أخرى آخرين أحد إحدى نفس ذات "
    "بسبب إثر جراء وفق وفقا وفقاً بحسب حسب أجل لأجل خاصة عام عاما "
    "الآن اليوم أمس غدا غداً يوم الأحد الاثنين الثلاثاء الأربعاء الخميس "
    "السبت "
    // reporting verbs and auxiliaries
    "قال قالت يقول تقول أضاف أضافت وأضاف وأضافت أكد أكدت وأكد وأكدت "
    "أشار أشارت وأشار وأشارت أوضح أوضحت ذكر ذكرت أعلن أعلنت "
    "وقال وقالت تم يتم صار أصبح أصبحت بات باتت ظل ظلت مازال لايزال "
    "زال يزال تزال";

// Heterogeneous lookup: IsStopword takes a string_view and must not
// allocate per call.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const {
    return std::hash<std::string_view>{}(s);
  }
};
using StopwordSet =
    std::unordered_set<std::string, StringHash, std::equal_to<>>;

const StopwordSet& StopwordTable() {
  static const StopwordSet* const table = [] {
    auto* set = new StopwordSet();
    for (const text::TokenDetail& t : text::AnalyzeDetailed(kStopwordText)) {
      if (t.kind != text::TokenKind::kWord) continue;
      set->insert(t.normalized);
      // A bare function word's stem is the word itself except for the few
      // the stemmer shortens; adding stems lets "وفي" (stem في) match.
      if (!t.stem.empty() && t.prefix.empty()) set->insert(t.stem);
    }
    return set;
  }();
  return *table;
}

}  // namespace

bool IsStopword(std::string_view folded) {
  return StopwordTable().contains(folded);
}

}  // namespace khabar::nlp
