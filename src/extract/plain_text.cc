#include "extract/plain_text.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "extract/dates.h"
#include "extract/line_text.h"
#include "text/arabic_letters.h"
#include "text/utf8.h"

namespace khabar::extract {
namespace {

using internal::CountWords;
using internal::EndsWithQuestionOrExclamation;
using internal::EndsWithSentencePunctuation;
using internal::kReasonDuplicate;
using internal::kReasonEmpty;
using internal::MatchKey;
using internal::TrimSpace;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// More than one control byte in this many is not text (a file that is
// "mostly control characters" without a NUL byte: old office formats, a
// terminal capture).
constexpr std::size_t kBinaryControlOneIn = 4;

// A one-word line ("عاجل", "فيديو") is a label, not a headline.
constexpr int kMinTitleWords = 2;
// Datelines and bylines are looked for among this many kept lines at the
// head only: further down, a date alone on a line is body text.
constexpr int kMaxHeadLines = 6;
// A "read also" box lists a few linked headlines; more lines than this after
// the box header are body text.
constexpr int kMaxReadMoreBoxItems = 5;
// "بقلم: <name>": names longer than this are a sentence, not a byline.
constexpr int kMaxBylineNameWords = 6;

// Reasons recorded in RawArticle::dropped (the shared ones are in
// line_text.h).
constexpr std::string_view kReasonHeadline = "headline";
constexpr std::string_view kReasonRepeatedHeadline = "repeated headline";
constexpr std::string_view kReasonDateline = "dateline";
constexpr std::string_view kReasonByline = "byline";
constexpr std::string_view kReasonSubscription = "boilerplate: subscription";
constexpr std::string_view kReasonAccount = "boilerplate: account";
constexpr std::string_view kReasonShare = "boilerplate: share";
constexpr std::string_view kReasonReadMore = "boilerplate: read more";
constexpr std::string_view kReasonFollow = "boilerplate: follow us";
constexpr std::string_view kReasonCopyright = "boilerplate: copyright";
constexpr std::string_view kReasonPhoto = "boilerplate: photo caption";
constexpr std::string_view kReasonAd = "boilerplate: advertisement";

enum class MatchKind {
  kWholeLine,  // the line is the phrase (edge symbols ignored)
  kPrefix,     // the line starts with the phrase, then a word boundary
  kContains,   // the phrase is anywhere in the line
};

struct BoilerplateRule {
  std::string_view reason;
  MatchKind kind;
  std::string_view phrase;  // natural spelling; folded with MatchKey on use
};

// Whole-line rules are for phrases that also open real sentences ("لم تشترك
// بعد الدول..."), prefix rules for phrases that do not.
constexpr BoilerplateRule kBoilerplateRules[] = {
    {kReasonSubscription, MatchKind::kWholeLine, "لم تشترك بعد"},
    {kReasonSubscription, MatchKind::kWholeLine, "اشترك"},
    {kReasonSubscription, MatchKind::kWholeLine, "اشترك الآن"},
    {kReasonSubscription, MatchKind::kPrefix, "اشترك في نشرتنا"},
    {kReasonSubscription, MatchKind::kPrefix, "اشترك في النشرة"},
    {kReasonSubscription, MatchKind::kPrefix, "اشترك في قناتنا"},
    {kReasonSubscription, MatchKind::kPrefix, "اشترك مجاناً"},
    {kReasonSubscription, MatchKind::kPrefix, "اشترك ليصلك"},
    {kReasonSubscription, MatchKind::kPrefix, "اشترك لتصلك"},
    {kReasonSubscription, MatchKind::kPrefix, "اشترك الآن في"},
    {kReasonAccount, MatchKind::kPrefix, "أنشئ حساباً"},
    {kReasonAccount, MatchKind::kPrefix, "أنشئ حسابك"},
    {kReasonAccount, MatchKind::kPrefix, "أنشئ حساب"},
    {kReasonAccount, MatchKind::kPrefix, "إنشاء حساب"},
    {kReasonAccount, MatchKind::kPrefix, "سجل الدخول"},
    {kReasonAccount, MatchKind::kPrefix, "تسجيل الدخول"},
    {kReasonAccount, MatchKind::kPrefix, "هل لديك حساب"},
    {kReasonShare, MatchKind::kWholeLine, "شارك"},
    {kReasonShare, MatchKind::kWholeLine, "مشاركة"},
    {kReasonShare, MatchKind::kPrefix, "شارك المقال"},
    {kReasonShare, MatchKind::kPrefix, "شارك الخبر"},
    {kReasonShare, MatchKind::kPrefix, "شارك هذا"},
    {kReasonShare, MatchKind::kPrefix, "شارك على"},
    {kReasonShare, MatchKind::kPrefix, "شارك عبر"},
    {kReasonReadMore, MatchKind::kPrefix, "اقرأ أيضاً"},
    {kReasonReadMore, MatchKind::kPrefix, "اقرأ المزيد"},
    {kReasonReadMore, MatchKind::kPrefix, "شاهد أيضاً"},
    {kReasonReadMore, MatchKind::kPrefix, "طالع أيضاً"},
    {kReasonReadMore, MatchKind::kPrefix, "للمزيد"},
    {kReasonReadMore, MatchKind::kPrefix, "مواضيع ذات صلة"},
    {kReasonReadMore, MatchKind::kPrefix, "أخبار ذات صلة"},
    {kReasonReadMore, MatchKind::kWholeLine, "المزيد"},
    {kReasonFollow, MatchKind::kPrefix, "تابعونا"},
    {kReasonFollow, MatchKind::kPrefix, "تابعنا على"},
    {kReasonFollow, MatchKind::kPrefix, "تابعنا عبر"},
    {kReasonCopyright, MatchKind::kContains, "جميع الحقوق محفوظة"},
    {kReasonCopyright, MatchKind::kContains, "كل الحقوق محفوظة"},
    {kReasonCopyright, MatchKind::kContains, "\u00A9"},  // ©
    {kReasonCopyright, MatchKind::kContains, "copyright"},
    {kReasonCopyright, MatchKind::kPrefix, "حقوق النشر"},
    {kReasonPhoto, MatchKind::kPrefix, "الصورة:"},
    {kReasonPhoto, MatchKind::kPrefix, "الصور:"},
    {kReasonPhoto, MatchKind::kPrefix, "صورة:"},
    {kReasonPhoto, MatchKind::kPrefix, "تصوير:"},
    {kReasonPhoto, MatchKind::kPrefix, "مصدر الصورة"},
    {kReasonPhoto, MatchKind::kPrefix, "حقوق الصورة"},
    {kReasonAd, MatchKind::kWholeLine, "إعلان"},
    {kReasonAd, MatchKind::kWholeLine, "إعلانات"},
    {kReasonAd, MatchKind::kWholeLine, "مساحة إعلانية"},
    {kReasonAd, MatchKind::kWholeLine, "إعلان ممول"},
    {kReasonAd, MatchKind::kWholeLine, "advertisement"},
};

struct FoldedRule {
  std::string_view reason;
  MatchKind kind;
  std::string phrase;
};

const std::vector<FoldedRule>& FoldedRules() {
  static const std::vector<FoldedRule>* const kRules = [] {
    auto* rules = new std::vector<FoldedRule>;
    for (const BoilerplateRule& r : kBoilerplateRules) {
      rules->push_back({r.reason, r.kind, MatchKey(r.phrase)});
    }
    return rules;
  }();
  return *kRules;
}

// Phrases that may introduce a publication date on a dateline.
constexpr std::string_view kDatelinePrefixes[] = {"تاريخ النشر", "نشر في",
                                                  "نشر بتاريخ"};

// Words that open a byline. Those marked `needs_separator` also open
// ordinary sentences ("كتب الوزير في رسالته..."), so only "كتب: فلان" or
// "كتب - فلان" counts.
struct BylineWord {
  std::string_view word;
  bool needs_separator;
};
constexpr BylineWord kBylineWords[] = {
    {"بقلم", false}, {"إعداد", false}, {"كتب", true}, {"كتبت", true}};

constexpr char32_t kMiddleDot = 0x00B7;        // ·
constexpr char32_t kBullet = 0x2022;           // •
constexpr char32_t kEnDashCodePoint = 0x2013;  // –
constexpr char32_t kEmDashCodePoint = 0x2014;  // —

// Characters a scrape puts around boilerplate labels: bullets, arrows,
// brackets, dashes and trailing punctuation. They do not change what the
// label says.
constexpr char32_t kEdgeSymbols[] = {U' ',
                                     U'.',
                                     U'!',
                                     U'?',
                                     U':',
                                     U';',
                                     U',',
                                     U'-',
                                     U'*',
                                     U'|',
                                     U'>',
                                     U'<',
                                     U'(',
                                     U')',
                                     U'[',
                                     U']',
                                     text::kLeftGuillemet,
                                     text::kRightGuillemet,
                                     text::kHorizontalEllipsis,
                                     text::kArabicComma,
                                     text::kArabicSemicolon,
                                     text::kArabicQuestionMark,
                                     kMiddleDot,
                                     kBullet,
                                     kEnDashCodePoint,
                                     kEmDashCodePoint};

bool IsEdgeSymbol(char32_t c) {
  for (char32_t symbol : kEdgeSymbols) {
    if (c == symbol) return true;
  }
  return false;
}

std::string_view StripEdgeSymbols(std::string_view key) {
  std::size_t begin = 0;
  std::size_t end = key.size();
  while (begin < end) {
    std::size_t next = begin;
    if (!IsEdgeSymbol(internal::NextCodePoint(key, &next))) break;
    begin = next;
  }
  while (end > begin) {
    std::size_t start = end - 1;
    while (start > begin &&
           (static_cast<unsigned char>(key[start]) & 0xC0) == 0x80) {
      --start;
    }
    std::size_t pos = start;
    if (!IsEdgeSymbol(internal::NextCodePoint(key, &pos))) break;
    end = start;
  }
  return key.substr(begin, end - begin);
}

// Letters and digits of the scripts a news line uses; anything else ends a
// word.
bool IsWordChar(char32_t c) {
  if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') ||
      (c >= U'0' && c <= U'9')) {
    return true;
  }
  const bool arabic_punctuation =
      c == text::kArabicComma || c == text::kArabicSemicolon ||
      c == text::kArabicQuestionMark || c == text::kArabicFullStop ||
      (c >= text::kArabicPercent && c <= text::kArabicThousandsSeparator);
  return (c >= text::kHamza && c <= 0x06FF && !arabic_punctuation) ||
         (c >= 0x0750 && c <= 0x077F);  // Arabic Supplement
}

bool StartsWithWord(std::string_view s, std::string_view phrase) {
  if (!s.starts_with(phrase)) return false;
  if (s.size() == phrase.size() || phrase.back() == ':') return true;
  std::size_t pos = phrase.size();
  return !IsWordChar(internal::NextCodePoint(s, &pos));
}

// The boilerplate reason for a line, if it is boilerplate.
std::optional<std::string_view> MatchBoilerplate(std::string_view key) {
  const std::string_view stripped = StripEdgeSymbols(key);
  for (const FoldedRule& rule : FoldedRules()) {
    bool hit = false;
    switch (rule.kind) {
      case MatchKind::kWholeLine:
        hit = stripped == rule.phrase;
        break;
      case MatchKind::kPrefix:
        hit = StartsWithWord(stripped, rule.phrase);
        break;
      case MatchKind::kContains:
        hit = key.find(rule.phrase) != std::string_view::npos;
        break;
    }
    if (hit) return rule.reason;
  }
  return std::nullopt;
}

// A "read also" header with nothing after it: the linked headlines follow
// on their own lines.
bool IsReadMoreBoxHeader(std::string_view key) {
  const std::string_view stripped = StripEdgeSymbols(key);
  for (const FoldedRule& rule : FoldedRules()) {
    if (rule.reason == kReasonReadMore && stripped == rule.phrase) return true;
  }
  return false;
}

std::optional<UnixSeconds> ParseDateline(std::string_view key) {
  std::string_view rest = key;
  for (std::string_view prefix : kDatelinePrefixes) {
    const std::string folded = MatchKey(prefix);
    if (StartsWithWord(rest, folded)) {
      rest.remove_prefix(folded.size());
      while (!rest.empty() && (rest.front() == ':' || rest.front() == ' ')) {
        rest.remove_prefix(1);
      }
      break;
    }
  }
  if (auto t = ParseDateTime(rest)) return t;
  return ParseArabicDate(rest);
}

constexpr std::string_view kEnDash = "\u2013";
constexpr std::string_view kEmDash = "\u2014";

bool StartsWithBylineSeparator(std::string_view s) {
  return s.starts_with(':') || s.starts_with('-') || s.starts_with(kEnDash) ||
         s.starts_with(kEmDash);
}

// The author's name when `text` (trimmed, with MatchKey `key`) is a byline.
std::optional<std::string> ParseByline(std::string_view text,
                                       std::string_view key) {
  std::size_t word_end = 0;
  while (word_end < key.size() && key[word_end] != ' ' &&
         !StartsWithBylineSeparator(key.substr(word_end))) {
    ++word_end;
  }
  const std::string_view first = key.substr(0, word_end);
  const BylineWord* matched = nullptr;
  for (const BylineWord& b : kBylineWords) {
    if (MatchKey(b.word) == first) matched = &b;
  }
  if (matched == nullptr) return std::nullopt;
  std::string_view after = key.substr(word_end);
  while (!after.empty() && after.front() == ' ') after.remove_prefix(1);
  if (matched->needs_separator && !StartsWithBylineSeparator(after)) {
    return std::nullopt;
  }
  // The name is cut from the original text, after its first word and any
  // separators, so the reader sees it as written.
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t next = pos;
    const char32_t c = internal::NextCodePoint(text, &next);
    if (internal::IsSpaceOrMark(c) ||
        StartsWithBylineSeparator(text.substr(pos))) {
      break;
    }
    pos = next;
  }
  std::string_view name = TrimSpace(text.substr(pos));
  while (StartsWithBylineSeparator(name)) {
    std::size_t next = 0;
    internal::NextCodePoint(name, &next);
    name = TrimSpace(name.substr(next));
  }
  const int words = CountWords(MatchKey(name));
  if (words == 0 || words > kMaxBylineNameWords ||
      EndsWithSentencePunctuation(name)) {
    return std::nullopt;
  }
  return std::string(name);
}

// One physical line of the input and what the extractor decided about it.
struct Line {
  int number = 0;
  std::string_view text;  // trimmed
  std::string key;        // MatchKey(text)
  int words = 0;
  std::string_view reason;  // why it was left out; empty while kept

  bool kept() const { return reason.empty(); }
};

Status CheckNotBinary(std::string_view bytes, std::size_t base_offset) {
  std::size_t controls = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b == 0) {
      return Status::InvalidArgument("binary data: NUL byte at offset " +
                                     std::to_string(base_offset + i));
    }
    const bool text_control =
        b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v';
    if ((b < 0x20 && !text_control) || b == 0x7F) ++controls;
  }
  if (controls * kBinaryControlOneIn > bytes.size()) {
    return Status::InvalidArgument("binary data: " + std::to_string(controls) +
                                   " of " + std::to_string(bytes.size()) +
                                   " bytes are control characters");
  }
  return Status::Ok();
}

bool IsAsciiBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
        c != '\v') {
      return false;
    }
  }
  return true;
}

bool IsTitleShaped(const Line& line, const PlainTextOptions& options) {
  return line.words >= kMinTitleWords &&
         line.words <= options.max_title_words &&
         !EndsWithSentencePunctuation(line.text);
}

void DropEmptyLines(std::vector<Line>& lines) {
  for (Line& line : lines) {
    if (line.text.empty()) line.reason = kReasonEmpty;
  }
}

// Short lines that match a boilerplate phrase, anywhere; and the linked
// headlines under a "read also" header.
void DropBoilerplate(std::vector<Line>& lines,
                     const PlainTextOptions& options) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    Line& line = lines[i];
    if (!line.kept() || line.words > options.max_boilerplate_words) continue;
    std::optional<std::string_view> reason = MatchBoilerplate(line.key);
    if (!reason) continue;
    line.reason = *reason;
    if (!IsReadMoreBoxHeader(line.key)) continue;
    int items = 0;
    for (std::size_t j = i + 1;
         j < lines.size() && items < kMaxReadMoreBoxItems; ++j) {
      Line& item = lines[j];
      if (item.text.empty()) continue;
      if (!item.kept() || !IsTitleShaped(item, options)) break;
      item.reason = kReasonReadMore;
      ++items;
    }
  }
}

bool CouldBeHeadline(const Line& line, const PlainTextOptions& options) {
  if (line.words < kMinTitleWords || line.words > options.max_title_words) {
    return false;
  }
  // A headline may ask or exclaim, but it does not end a sentence.
  if (EndsWithSentencePunctuation(line.text) &&
      !EndsWithQuestionOrExclamation(line.text)) {
    return false;
  }
  return !ParseDateline(line.key) && !ParseByline(line.text, line.key);
}

// The headline as the short line that appears most often (at least twice);
// ties go to the earliest. Returns its key, or nullopt.
std::optional<std::string> FindRepeatedHeadline(
    const std::vector<Line>& lines, const PlainTextOptions& options) {
  std::unordered_map<std::string_view, int> counts;
  for (const Line& line : lines) {
    if (line.kept()) ++counts[line.key];
  }
  std::optional<std::string> best;
  int best_count = 1;
  for (const Line& line : lines) {
    if (!line.kept()) continue;
    const int count = counts[line.key];
    if (count > best_count && CouldBeHeadline(line, options)) {
      best = line.key;
      best_count = count;
    }
  }
  return best;
}

void TakeHeadline(std::vector<Line>& lines, std::string_view key,
                  RawArticle* article) {
  for (Line& line : lines) {
    if (!line.kept() || line.key != key) continue;
    if (article->title.empty()) {
      article->title = std::string(line.text);
      line.reason = kReasonHeadline;
    } else {
      line.reason = kReasonRepeatedHeadline;
    }
  }
}

// Site furniture collects at the two ends of a scrape, where account pitches
// run longer than the mid-text limit allows. Walk in from each end through
// lines already left out and boilerplate, and stop at the first body line.
void DropEdgeBoilerplate(std::vector<Line>& lines,
                         const PlainTextOptions& options) {
  auto visit = [&](Line& line) {
    if (!line.kept()) return true;
    if (line.words > options.max_edge_boilerplate_words) return false;
    std::optional<std::string_view> reason = MatchBoilerplate(line.key);
    if (!reason) return false;
    line.reason = *reason;
    return true;
  };
  for (auto it = lines.rbegin(); it != lines.rend() && visit(*it); ++it) {
  }
  for (auto it = lines.begin(); it != lines.end() && visit(*it); ++it) {
  }
}

// Datelines and bylines among the first kept lines. One other short line
// (the headline, before it is known to be one) may precede them.
void TakeHeadMetadata(std::vector<Line>& lines, const PlainTextOptions& options,
                      RawArticle* article) {
  int seen = 0;
  bool skipped_other = false;
  for (Line& line : lines) {
    if (!line.kept()) continue;
    if (++seen > kMaxHeadLines) break;
    if (std::optional<UnixSeconds> t = ParseDateline(line.key)) {
      line.reason = kReasonDateline;
      if (!article->published_at) article->published_at = *t;
      continue;
    }
    if (std::optional<std::string> author = ParseByline(line.text, line.key)) {
      line.reason = kReasonByline;
      if (article->author.empty()) article->author = std::move(*author);
      continue;
    }
    if (skipped_other || line.words > options.max_title_words) break;
    skipped_other = true;
  }
}

void DropDuplicateLines(std::vector<Line>& lines) {
  std::unordered_set<std::string_view> seen;
  for (Line& line : lines) {
    if (line.kept() && !seen.insert(line.key).second) {
      line.reason = kReasonDuplicate;
    }
  }
}

// Without a repeated headline: a title-shaped first line followed by a
// longer paragraph, else a title-shaped last line after a longer paragraph.
void TakeEdgeTitle(std::vector<Line>& lines, const PlainTextOptions& options,
                   RawArticle* article) {
  std::vector<Line*> kept;
  for (Line& line : lines) {
    if (line.kept()) kept.push_back(&line);
  }
  if (kept.size() < 2) return;
  Line* chosen = nullptr;
  if (IsTitleShaped(*kept[0], options) && kept[1]->words > kept[0]->words) {
    chosen = kept[0];
  } else if (Line* last = kept.back(), *before = kept[kept.size() - 2];
             IsTitleShaped(*last, options) && before->words > last->words) {
    chosen = last;
  }
  if (chosen == nullptr) return;
  article->title = std::string(chosen->text);
  chosen->reason = kReasonHeadline;
}

}  // namespace

Result<RawArticle> ExtractPlainText(std::string_view bytes,
                                    const PlainTextOptions& options) {
  std::string_view body = bytes;
  std::size_t base_offset = 0;
  if (body.starts_with(kUtf8Bom)) {
    body.remove_prefix(kUtf8Bom.size());
    base_offset = kUtf8Bom.size();
  }
  if (IsAsciiBlank(body)) return Status::InvalidArgument("empty article");
  KHABAR_RETURN_IF_ERROR(CheckNotBinary(body, base_offset));
  // The whole input, BOM included, so the offset counts from its first byte.
  KHABAR_RETURN_IF_ERROR(text::ValidateUtf8(bytes));

  std::vector<Line> lines;
  bool any_text = false;
  for (const internal::LineRef& ref : internal::SplitLines(body)) {
    if (ref.text.size() > options.max_line_bytes) {
      return Status::InvalidArgument(
          "line " + std::to_string(ref.number) + " is too long: " +
          std::to_string(ref.text.size()) + " bytes (the limit is " +
          std::to_string(options.max_line_bytes) + ")");
    }
    Line line;
    line.number = ref.number;
    line.text = TrimSpace(ref.text);
    line.key = MatchKey(line.text);
    line.words = CountWords(line.key);
    any_text = any_text || !line.text.empty();
    lines.push_back(std::move(line));
  }
  if (!any_text) return Status::InvalidArgument("empty article");

  // Order matters: boilerplate goes first so that a repeated share prompt is
  // not taken for the headline; the headline's copies are known before the
  // edge walk, which passes through them; datelines and bylines are taken
  // before duplicates and the edge title, so that neither is mistaken for
  // the other.
  RawArticle article;
  DropEmptyLines(lines);
  DropBoilerplate(lines, options);
  if (std::optional<std::string> key = FindRepeatedHeadline(lines, options)) {
    TakeHeadline(lines, *key, &article);
  }
  DropEdgeBoilerplate(lines, options);
  TakeHeadMetadata(lines, options, &article);
  DropDuplicateLines(lines);
  if (article.title.empty()) TakeEdgeTitle(lines, options, &article);

  for (const Line& line : lines) {
    if (line.kept()) {
      article.paragraphs.emplace_back(line.text);
    } else {
      article.dropped.push_back(
          {line.number, std::string(line.text), std::string(line.reason)});
    }
  }
  if (article.paragraphs.empty()) {
    return Status::InvalidArgument(
        "no body text: all " + std::to_string(lines.size()) +
        " lines were left out as headline, boilerplate or metadata");
  }
  return article;
}

}  // namespace khabar::extract
