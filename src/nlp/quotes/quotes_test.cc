#include "nlp/quotes/quotes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "text/sentence.h"
#include "text/tokenizer.h"
#include "text/utf8.h"

namespace khabar::nlp {
namespace {

// Person mentions for `text`: every occurrence of each (surface, canonical)
// pair, longer surfaces first; a shorter surface inside a longer match is
// not a separate mention (كارتر inside اشتون كارتر).
std::vector<SpeakerCandidate> Mentions(
    std::string_view text,
    std::vector<std::pair<std::string, std::string>> names) {
  std::stable_sort(names.begin(), names.end(), [](const auto& a, const auto& b) {
    return a.first.size() > b.first.size();
  });
  std::vector<SpeakerCandidate> out;
  for (const auto& [surface, canonical] : names) {
    for (std::size_t pos = text.find(surface); pos != std::string_view::npos;
         pos = text.find(surface, pos + 1)) {
      const auto begin = static_cast<uint32_t>(pos);
      const auto end = static_cast<uint32_t>(pos + surface.size());
      const bool covered = std::any_of(out.begin(), out.end(), [&](auto& m) {
        return m.begin <= begin && end <= m.end;
      });
      if (!covered) out.push_back({begin, end, canonical});
    }
  }
  return out;
}

const std::vector<std::pair<std::string, std::string>> kPeople = {
    {"اشتون كارتر", "اشتون كارتر"}, {"كارتر", "اشتون كارتر"},
    {"مايكل فالون", "مايكل فالون"}, {"فالون", "مايكل فالون"},
    {"جان-ايف لودريان", "جان-ايف لودريان"}, {"لودريان", "جان-ايف لودريان"},
};

std::vector<Quote> Find(std::string_view text) {
  return FindQuotes(text, Mentions(text, kPeople));
}

// Every quote's offsets and text agree with the input.
void ExpectConsistent(std::string_view text, const std::vector<Quote>& qs) {
  for (const Quote& q : qs) {
    ASSERT_LE(q.begin, q.end);
    ASSERT_LE(q.end, text.size());
    EXPECT_EQ(q.text, text.substr(q.begin, q.end - q.begin));
    EXPECT_EQ(q.cue, text.substr(q.cue_begin, q.cue_end - q.cue_begin));
    EXPECT_LE(q.speaker_end, text.size());
    EXPECT_TRUE(text::IsUtf8Boundary(text, q.begin));
    EXPECT_TRUE(text::IsUtf8Boundary(text, q.end));
  }
}

// --- Cue lexicon -----------------------------------------------------------

TEST(ClassifyCueTest, FiniteVerbWithAndWithoutClitic) {
  EXPECT_EQ(ClassifyCue("قال"), CueKind::kFiniteVerb);
  EXPECT_EQ(ClassifyCue("وقال"), CueKind::kFiniteVerb);
  EXPECT_EQ(ClassifyCue("فقال"), CueKind::kFiniteVerb);
  EXPECT_EQ(ClassifyCue("وتابع"), CueKind::kFiniteVerb);
  EXPECT_EQ(ClassifyCue("فكرر"), CueKind::kFiniteVerb);
  EXPECT_EQ(ClassifyCue("تقول"), CueKind::kFiniteVerb);
}

TEST(ClassifyCueTest, ParticiplesWithTanweenAndHamzaSpellings) {
  EXPECT_EQ(ClassifyCue("مضيفًا"), CueKind::kParticiple);
  EXPECT_EQ(ClassifyCue("مضيفا"), CueKind::kParticiple);
  EXPECT_EQ(ClassifyCue("قائلًا"), CueKind::kParticiple);
  EXPECT_EQ(ClassifyCue("مؤكدا"), CueKind::kParticiple);
  EXPECT_EQ(ClassifyCue("موكدا"), CueKind::kParticiple);
  EXPECT_EQ(ClassifyCue("ومشيرة"), CueKind::kParticiple);
}

TEST(ClassifyCueTest, HamzaSpellingsOfFiniteVerbs) {
  EXPECT_EQ(ClassifyCue("أكد"), CueKind::kFiniteVerb);
  EXPECT_EQ(ClassifyCue("اكد"), CueKind::kFiniteVerb);
  EXPECT_EQ(ClassifyCue("يؤكد"), CueKind::kFiniteVerb);
  EXPECT_EQ(ClassifyCue("وأضاف"), CueKind::kFiniteVerb);
}

TEST(ClassifyCueTest, OtherWordsAreNotCues) {
  EXPECT_EQ(ClassifyCue("الهجوم"), CueKind::kNone);
  EXPECT_EQ(ClassifyCue("وصل"), CueKind::kNone);
  EXPECT_EQ(ClassifyCue("قالب"), CueKind::kNone);
  EXPECT_EQ(ClassifyCue("معددًا"), CueKind::kNone);
  EXPECT_EQ(ClassifyCue("said"), CueKind::kNone);
  EXPECT_EQ(ClassifyCue(""), CueKind::kNone);
}

// --- Speakers --------------------------------------------------------------

TEST(FindQuotesTest, SubjectRightAfterCue) {
  const std::string text = "وقال كارتر \"سيبدأ الهجوم قريبا\".";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].text, "سيبدأ الهجوم قريبا");
  EXPECT_EQ(qs[0].speaker, "اشتون كارتر");
  EXPECT_EQ(qs[0].cue, "وقال");
  EXPECT_EQ(text.substr(qs[0].speaker_begin,
                        qs[0].speaker_end - qs[0].speaker_begin),
            "كارتر");
  ExpectConsistent(text, qs);
}

TEST(FindQuotesTest, SkipsTitlesBetweenCueAndSubject) {
  const std::string text =
      "وقال وزير الدفاع الاميركي اشتون كارتر للصحافيين \"سنبدأ قريبا جدا\".";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].speaker, "اشتون كارتر");
}

TEST(FindQuotesTest, SubjectTooFarAfterCueIsNotTaken) {
  // Seven words between the verb and the name: the name is not its subject.
  const std::string text =
      "وقال مسؤول في الوزارة امس خلال لقاء مع الصحافيين عن كارتر "
      "\"انه سيصل غدا\".";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].speaker, "");
}

TEST(FindQuotesTest, CueAndSubjectAfterQuote) {
  const std::string text = "\"الهجوم سيبدأ قريبا\"، قال فالون.";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].speaker, "مايكل فالون");
  EXPECT_EQ(qs[0].cue, "قال");
}

TEST(FindQuotesTest, ParticipleAfterQuoteDoesNotGovernIt) {
  const std::string text = "\"الهجوم سيبدأ قريبا\"، مضيفا أن فالون موافق.";
  EXPECT_TRUE(Find(text).empty());
}

TEST(FindQuotesTest, ParticipleTakesSubjectBeforeIt) {
  const std::string text =
      "وكان كارتر قد أعلن أمس بدء الاستعدادات، قائلًا \"لقد بدأنا "
      "الاستعدادات\".";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].speaker, "اشتون كارتر");
  EXPECT_EQ(qs[0].cue, "قائلًا");
}

TEST(FindQuotesTest, ParticipleContinuesLastSpeakerAcrossSentences) {
  const std::string text =
      "وقال كارتر \"نحن مستعدون للهجوم\". مضيفًا \"أنها خطتنا منذ وقت "
      "طويل\".";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 2u);
  EXPECT_EQ(qs[1].speaker, "اشتون كارتر");
  EXPECT_EQ(qs[1].cue, "مضيفًا");
  EXPECT_EQ(qs[1].speaker_begin, qs[1].cue_begin);  // inherited
}

TEST(FindQuotesTest, ParticipleNeverTakesPersonAfterIt) {
  const std::string text =
      "وقال كارتر \"نحن مستعدون للهجوم\". مضيفًا أن فالون \"يعرف الخطة "
      "جيدا\".";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 2u);
  EXPECT_EQ(qs[1].speaker, "اشتون كارتر");
}

TEST(FindQuotesTest, ContinuationVerbKeepsLastSpeaker) {
  const std::string text =
      "وقال لودريان \"الامور تسير كما خططنا\". وتابع أمس \"هذا الامر لا "
      "يمكن\".";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 2u);
  EXPECT_EQ(qs[1].speaker, "جان-ايف لودريان");
  EXPECT_EQ(qs[1].cue, "وتابع");
}

TEST(FindQuotesTest, PronounSubjectResolvesToLastNamedSpeaker) {
  const std::string text =
      "وقال فالون إن الهجوم قريب. وبدأت القوات التقدم. وأكد أن \"العملية "
      "ستنجح\".";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].speaker, "مايكل فالون");
  EXPECT_EQ(qs[0].cue, "وأكد");
}

TEST(FindQuotesTest, IndirectSpeechUpdatesLastSpeaker) {
  const std::string text =
      "وقال كارتر إن الهجوم قريب. وأشار لودريان إلى التنسيق. وأضاف "
      "\"العملية ستنجح\".";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].speaker, "جان-ايف لودريان");
}

TEST(FindQuotesTest, EarlierCueInSentenceGivesSpeaker) {
  const std::string text =
      "وقال كارتر إن الهجوم قريب مع فالون، مضيفا \"العملية ستنجح\".";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].speaker, "اشتون كارتر");
}

TEST(FindQuotesTest, NoPersonAnywhereGivesEmptySpeaker) {
  const std::string text = "وقال \"الهجوم سيبدأ قريبا\".";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].speaker, "");
  EXPECT_EQ(qs[0].speaker_begin, qs[0].cue_begin);
}

TEST(FindQuotesTest, OneCueGovernsNearbySecondQuote) {
  const std::string text =
      "قال كارتر إن \"الهجوم قريب جدا\" وإن \"التحالف جاهز له\".";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 2u);
  EXPECT_EQ(qs[1].cue, "قال");
  EXPECT_EQ(qs[1].speaker, "اشتون كارتر");
}

TEST(FindQuotesTest, CueDoesNotGovernDistantSecondQuote) {
  const std::string text =
      "قال كارتر \"الهجوم قريب جدا\"، معددا الانتصارات التي تحققت في "
      "المنطقة خلال العام \"وهذه عبارة طويلة من خمس كلمات\".";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].text, "الهجوم قريب جدا");
}

// --- Marks -----------------------------------------------------------------

TEST(FindQuotesTest, GuillemetsPair) {
  const std::string text = "وقال كارتر «سيبدأ الهجوم قريبا».";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].text, "سيبدأ الهجوم قريبا");
}

TEST(FindQuotesTest, CurlyQuotesPair) {
  const std::string text = "وقال كارتر “سيبدأ الهجوم قريبا”.";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].text, "سيبدأ الهجوم قريبا");
}

TEST(FindQuotesTest, ReversedCurlyQuotesPair) {
  const std::string text = "وقال كارتر ”سيبدأ الهجوم قريبا“.";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].text, "سيبدأ الهجوم قريبا");
}

TEST(FindQuotesTest, OtherFamilyInsideQuoteIsNested) {
  const std::string text = "وقال كارتر «إن \"داعش\" سيهزم قريبا».";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].text, "إن \"داعش\" سيهزم قريبا");
}

TEST(FindQuotesTest, TrimsSpacesInsideMarks) {
  const std::string text = "وقال كارتر \" سيبدأ الهجوم قريبا \".";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].text, "سيبدأ الهجوم قريبا");
  ExpectConsistent(text, qs);
}

TEST(FindQuotesTest, LineBreakDropsUnclosedMark) {
  const std::string text =
      "وقال كارتر \"سيبدأ الهجوم\nوقال فالون \"نأمل ذلك قريبا\".";
  const auto qs = Find(text);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].text, "نأمل ذلك قريبا");
  EXPECT_EQ(qs[0].speaker, "مايكل فالون");
}

// --- Not quotes ------------------------------------------------------------

TEST(FindQuotesTest, OneWordScareQuoteIsNotQuote) {
  EXPECT_TRUE(Find("تحدث مسؤولون عن عمليات \"متزامنة\" في المدينتين.").empty());
}

TEST(FindQuotesTest, OneWordAfterCueIsNotQuote) {
  EXPECT_TRUE(Find("وقال لودريان إن المعركة ستكون \"صعبة\".").empty());
}

TEST(FindQuotesTest, QuotedPersonNameIsNotQuote) {
  EXPECT_TRUE(Find("وقال المتحدث إن \"اشتون كارتر\" سيزور المدينة.").empty());
}

TEST(FindQuotesTest, NameAfterHeadNounIsNotQuote) {
  EXPECT_TRUE(
      Find("وقال المتحدث إن صحيفة \"نيويورك تايمز\" نشرت التقرير.").empty());
}

TEST(FindQuotesTest, NameStartingWithHeadNounIsNotQuote) {
  EXPECT_TRUE(
      Find("وقال المتحدث إن \"قوات سوريا الديمقراطية\" تتقدم.").empty());
}

TEST(FindQuotesTest, NameBeforeRelativePronounIsNotQuote) {
  EXPECT_TRUE(
      Find("وقال المتحدث إن \"الخوذ البيضاء\" التي تعمل هناك انسحبت.")
          .empty());
}

TEST(FindQuotesTest, MultiWordSpanWithoutCueIsNotQuote) {
  EXPECT_TRUE(
      Find("ووصف المراقبون الوضع بأنه \"هدوء حذر\" في المدينة.").empty());
}

TEST(FindQuotesTest, CueInsideQuoteDoesNotCount) {
  EXPECT_TRUE(
      Find("ونشرت الصحيفة مقالا بعنوان \"قال الوزير كلاما كثيرا\" أمس.")
          .empty());
}

// --- Robustness ------------------------------------------------------------

TEST(FindQuotesTest, EmptyText) {
  EXPECT_TRUE(FindQuotes("", {}).empty());
}

TEST(FindQuotesTest, NoPunctuation) {
  EXPECT_TRUE(Find("وقال كارتر ان الهجوم سيبدأ في الاسابيع المقبلة").empty());
}

TEST(FindQuotesTest, OnlyMarks) {
  EXPECT_TRUE(FindQuotes("\"\"\"«»“”\"", {}).empty());
}

TEST(FindQuotesTest, InvalidCandidatesAreIgnored) {
  const std::string text = "وقال كارتر \"سيبدأ الهجوم قريبا\".";
  const std::vector<SpeakerCandidate> bad = {
      {5, 4, "reversed"}, {0, 10000, "out of range"}, {1, 4, "mid code point"},
      {0, 0, "empty"}};
  const auto qs = FindQuotes(text, bad);
  ASSERT_EQ(qs.size(), 1u);
  EXPECT_EQ(qs[0].speaker, "");
}

TEST(FindQuotesTest, MixedScripts) {
  const std::string text =
      "وقال Carter للصحافيين \"We will start soon جدا\"، مضيفا “2016 سنة "
      "صعبة iPhoneات”.";
  const std::vector<SpeakerCandidate> persons = {
      {static_cast<uint32_t>(text.find("Carter")),
       static_cast<uint32_t>(text.find("Carter") + 6), "Ash Carter"}};
  const auto qs = FindQuotes(text, persons);
  ASSERT_EQ(qs.size(), 2u);
  EXPECT_EQ(qs[0].speaker, "Ash Carter");
  EXPECT_EQ(qs[1].speaker, "Ash Carter");
  ExpectConsistent(text, qs);
}

TEST(FindQuotesTest, HundredThousandWords) {
  std::string text;
  const std::string sentence =
      "وقال كارتر \"سيبدأ الهجوم في الاسابيع المقبلة\" مضيفا ان \"داعش\" "
      "سيهزم. ";
  while (text.size() < 1'200'000) text += sentence;  // ~10 words a sentence
  text += "\"unclosed";
  const auto qs = Find(text);
  EXPECT_EQ(qs.size(), text.size() / sentence.size());
  for (const Quote& q : qs) ASSERT_EQ(q.speaker, "اشتون كارتر");
}

// --- The seed article (DESIGN.md §2) --------------------------------------

std::string ReadSeedBody() {
  const std::filesystem::path path = std::filesystem::path(KHABAR_SHARED_DIR) /
                                     "seed" / "000_d6b86f47c1861fbf.txt";
  std::ifstream in(path);
  if (!in) return {};
  std::string line;
  std::string body;
  for (int i = 0; i < 11 && std::getline(in, line); ++i) {
    if (i > 0) body += '\n';
    body += line;
  }
  return body;
}

TEST(FindQuotesSeedTest, EveryMultiWordQuotationWithItsSpeaker) {
  const std::string body = ReadSeedBody();
  if (body.empty()) {
    GTEST_SKIP() << "seed article not found under " << KHABAR_SHARED_DIR
                 << "/seed (set -DKHABAR_SHARED_DIR)";
  }
  const auto qs = Find(body);
  ExpectConsistent(body, qs);
  struct Expected {
    std::string starts_with;
    std::string speaker;
    std::string cue;
  };
  const std::vector<Expected> expected = {
      // Joint announcement by two ministers: the first named subject.
      {"في الاسابيع المقبلة", "اشتون كارتر", "أعلن"},
      {"سيبدأ في الاسابيع المقبلة", "اشتون كارتر", "وقال"},
      {"أنّها خطتنا منذ وقت طويل، ونحن قادرون على دعم", "اشتون كارتر",
       "مضيفًا"},
      {"خلال الاسابيع المقبلة", "مايكل فالون", "صرح"},
      {"شاهدتم تقدما ملحوظا", "مايكل فالون", "وقال"},
      {"لقد بدأنا الاستعدادات لعزل الرقة", "اشتون كارتر", "قائلًا"},
      {"أي قوة عسكرية ستستعيد الرقة؟", "اشتون كارتر", "مضيفًا"},
      {"هذا الامر لا يمكن ان يقوم به سوى أناس", "اشتون كارتر", "وتابع"},
      {"بالنسبة إلى الموصل فان الامور", "جان-ايف لودريان", "وقال"},
      {"كما الموصل، تشكل الرقة هدفًا استراتيجيًا", "جان-ايف لودريان", "فكرر"},
  };
  ASSERT_EQ(qs.size(), expected.size()) << [&] {
    std::ostringstream s;
    for (const Quote& q : qs) s << q.cue << " | " << q.speaker << " | " << q.text << "\n";
    return s.str();
  }();
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(expected[i].starts_with);
    EXPECT_EQ(qs[i].text.rfind(expected[i].starts_with, 0), 0u) << qs[i].text;
    EXPECT_EQ(qs[i].speaker, expected[i].speaker);
    EXPECT_EQ(qs[i].cue, expected[i].cue);
  }
  EXPECT_EQ(qs[4].text,
            "شاهدتم تقدما ملحوظا في تطويق الموصل في العراق. نأمل بأن تبدأ "
            "عملية مماثلة في الاسابيع المقبلة في اتجاه الرقة");
}

TEST(FindQuotesSeedTest, ScareQuotesAndNamesAreNotQuotes) {
  const std::string body = ReadSeedBody();
  if (body.empty()) GTEST_SKIP() << "seed article not found";
  for (const Quote& q : Find(body)) {
    for (const char* not_quote :
         {"داعش", "متزامنة", "تلازم", "قوات سوريا الديمقراطية", "صعبة"}) {
      EXPECT_NE(q.text, not_quote);
    }
  }
}

TEST(FindQuotesTest, PresplitTextFindsTheSameQuotes) {
  const std::string text =
      "وقال كارتر \"سيبدأ الهجوم قريبا\". وأضاف فالون \"الخطة جاهزة منذ وقت\".";
  const auto persons = Mentions(text, kPeople);
  const std::vector<Quote> plain = FindQuotes(text, persons);
  const std::vector<Quote> shared = FindQuotes(
      text, persons, text::Tokenize(text), text::SplitSentences(text));
  ASSERT_EQ(shared.size(), plain.size());
  for (std::size_t i = 0; i < plain.size(); ++i) {
    EXPECT_EQ(shared[i].text, plain[i].text);
    EXPECT_EQ(shared[i].speaker, plain[i].speaker);
    EXPECT_EQ(shared[i].cue, plain[i].cue);
    EXPECT_EQ(shared[i].begin, plain[i].begin);
  }
}

}  // namespace
}  // namespace khabar::nlp
