#include "text/sentence.h"

#include <algorithm>
#include <array>

#include "text/arabic_letters.h"
#include "text/utf8.h"

namespace khabar::text {
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

bool IsLineBreak(char32_t c) {
  return c == U'\n' || c == U'\r' || c == 0x85 || c == kLineSeparator ||
         c == kParagraphSeparator;
}

bool IsTerminator(char32_t c) {
  return c == U'.' || c == U'!' || c == U'?' || c == kArabicQuestionMark ||
         c == kArabicFullStop || c == kHorizontalEllipsis;
}

bool IsBlank(char32_t c) {
  const CharClass k = ClassOf(c);
  return k == CharClass::kSpace || k == CharClass::kIgnorable;
}

constexpr std::array<std::string_view, 38> kLatinAbbreviations = {
    "Mr",  "Mrs",  "Ms",   "Dr",  "Prof", "St",  "Jr",  "Sr",    "Gen", "Col",
    "Lt",  "Sgt",  "Capt", "Gov", "Sen",  "Rep", "Rev", "No",    "vs",  "Inc",
    "Ltd", "Co",   "Corp", "Jan", "Feb",  "Mar", "Apr", "Jun",   "Jul", "Aug",
    "Sep", "Sept", "Oct",  "Nov", "Dec",  "Mt",  "Ft",  "approx"};

// Walks the text once; see sentence.h for the rules.
class Splitter {
 public:
  explicit Splitter(std::string_view text) : text_(text) {}

  std::vector<SentenceSpan> Run() {
    const std::size_t n = text_.size();
    std::size_t i = 0;
    while (i < n) {
      const DecodedChar d = DecodeUtf8(text_, i);
      const char32_t c = d.code_point;
      if (IsLineBreak(c)) {
        Emit(i);
        quote_closer_ = 0;
        i += d.length;
        continue;
      }
      if (start_ == kNone) {
        if (IsBlank(c)) {
          i += d.length;
          continue;
        }
        start_ = i;
      }
      if (IsTerminator(c) && EndsSentence(c, i, d.length)) {
        std::size_t j = i + d.length;
        while (j < n) {  // the rest of the run: "?!", "..."
          const DecodedChar t = DecodeUtf8(text_, j);
          if (!IsTerminator(t.code_point)) break;
          j += t.length;
        }
        j = ConsumeClosers(j);
        if (quote_closer_ != 0 && QuoteClosesOnLine(j)) {
          ResetWord();
          i = j;
          continue;
        }
        Emit(j);
        quote_closer_ = 0;
        i = j;
        continue;
      }
      TrackQuote(c);
      TrackWord(c, i);
      i += d.length;
    }
    Emit(n);
    return std::move(spans_);
  }

 private:
  void TrackQuote(char32_t c) {
    if (quote_closer_ != 0 && c == quote_closer_) {
      quote_closer_ = 0;
    } else if (quote_closer_ == 0) {
      if (c == kLeftGuillemet) quote_closer_ = kRightGuillemet;
      if (c == kLeftDoubleQuote) quote_closer_ = kRightDoubleQuote;
      if (c == U'"') quote_closer_ = U'"';
    }
  }

  // Remembers the word just before the current position, for abbreviations.
  void TrackWord(char32_t c, std::size_t pos) {
    const CharClass k = ClassOf(c);
    if (k == CharClass::kArabicLetter || k == CharClass::kLatinLetter ||
        k == CharClass::kOtherLetter) {
      if (word_letters_ == 0) word_begin_ = pos;
      ++word_letters_;
      word_latin_ =
          word_letters_ == 1 ? k == CharClass::kLatinLetter : word_latin_;
      word_end_ = pos + Utf8Length(c);
    } else if (k == CharClass::kMark || k == CharClass::kTatweel) {
      if (word_letters_ > 0) word_end_ = pos + Utf8Length(c);
    } else {
      ResetWord();
    }
  }
  void ResetWord() { word_letters_ = 0; }

  bool EndsSentence(char32_t c, std::size_t pos, uint32_t len) {
    if (c != U'.') return true;
    const std::size_t next = pos + len;
    if (next < text_.size()) {
      const CharClass k = ClassOf(DecodeUtf8(text_, next).code_point);
      if (k == CharClass::kDigit || k == CharClass::kArabicDigit ||
          k == CharClass::kLatinLetter)
        return false;
    }
    if (word_letters_ > 0 && word_end_ == pos) {
      if (word_letters_ == 1) return false;
      if (word_latin_) {
        const std::string_view word =
            text_.substr(word_begin_, word_end_ - word_begin_);
        if (std::find(kLatinAbbreviations.begin(), kLatinAbbreviations.end(),
                      word) != kLatinAbbreviations.end())
          return false;
      }
    }
    return true;
  }

  std::size_t ConsumeClosers(std::size_t j) {
    while (j < text_.size()) {
      const DecodedChar d = DecodeUtf8(text_, j);
      const char32_t c = d.code_point;
      if (quote_closer_ != 0 && c == quote_closer_) {
        quote_closer_ = 0;
      } else if (c != U')' && c != U']' && c != kRightSingleQuote &&
                 c != kRightGuillemet && c != kRightDoubleQuote) {
        break;
      }
      j += d.length;
    }
    return j;
  }

  // Whether the open quotation closes before the end of the line. The last
  // scan is remembered, so a long quotation with many terminators costs one
  // scan, not one per terminator.
  bool QuoteClosesOnLine(std::size_t from) {
    if (quote_closer_ == scan_closer_ && from >= scan_from_ &&
        from <= scan_until_)
      return scan_found_;
    std::size_t j = from;
    bool found = false;
    while (j < text_.size()) {
      const DecodedChar d = DecodeUtf8(text_, j);
      if (IsLineBreak(d.code_point)) break;
      if (d.code_point == quote_closer_) {
        found = true;
        break;
      }
      j += d.length;
    }
    scan_closer_ = quote_closer_;
    scan_from_ = from;
    scan_until_ = j;
    scan_found_ = found;
    return found;
  }

  void Emit(std::size_t end) {
    ResetWord();
    if (start_ == kNone) return;
    while (end > start_) {  // trim trailing blanks
      std::size_t p = end - 1;
      while (p > start_ && !IsUtf8Boundary(text_, p)) --p;
      if (!IsBlank(DecodeUtf8(text_, p).code_point)) break;
      end = p;
    }
    if (end > start_) {
      spans_.push_back(
          {static_cast<uint32_t>(start_), static_cast<uint32_t>(end)});
    }
    start_ = kNone;
  }

  std::string_view text_;
  std::vector<SentenceSpan> spans_;
  std::size_t start_ = kNone;
  char32_t quote_closer_ = 0;
  std::size_t word_begin_ = 0;
  std::size_t word_end_ = 0;
  std::size_t word_letters_ = 0;
  bool word_latin_ = false;
  char32_t scan_closer_ = 0;
  std::size_t scan_from_ = 0;
  std::size_t scan_until_ = 0;
  bool scan_found_ = false;
};

}  // namespace

std::vector<SentenceSpan> SplitSentences(std::string_view text) {
  return Splitter(text).Run();
}

}  // namespace khabar::text
