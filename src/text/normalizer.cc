#include "text/normalizer.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "text/arabic_letters.h"
#include "text/utf8.h"

namespace khabar::text {
namespace {

constexpr char32_t kArabicBlockBegin = 0x0600;
constexpr char32_t kArabicBlockEnd = 0x0700;
// Every expansion in presentation_forms.inc fits, spaces included.
constexpr std::size_t kMaxExpansionBytes = 64;
// Outside presentation forms one input byte yields at most three output
// bytes (an invalid byte becomes U+FFFD).
constexpr std::size_t kMaxGrowth = 3;

struct PresentationForm {
  char32_t code_point;
  std::u32string_view expansion;
};

constexpr PresentationForm kPresentationForms[] = {
#include "text/presentation_forms.inc"
};

std::u32string_view ExpandPresentationForm(char32_t c) {
  const auto* end = std::end(kPresentationForms);
  const auto* it = std::lower_bound(
      std::begin(kPresentationForms), end, c,
      [](const PresentationForm& f, char32_t v) { return f.code_point < v; });
  if (it == end || it->code_point != c) return {};
  return it->expansion;
}

// Canonical compositions (UnicodeData decompositions) of Arabic letters
// with U+0653..U+0655.
char32_t Compose(char32_t base, char32_t mark) {
  switch (mark) {
    case kMaddahAbove:
      return base == kAlef ? kAlefMadda : 0;
    case kHamzaBelow:
      return base == kAlef ? kAlefHamzaBelow : 0;
    case kHamzaAbove:
      switch (base) {
        case kAlef:
          return kAlefHamzaAbove;
        case kWaw:
          return kWawHamzaAbove;
        case kYeh:
          return kYehHamzaAbove;
        case kHehGoal:
          return kHehGoalHamzaAbove;
        case kAe:
          return kHehWithYehAbove;
        case kYehBarree:
          return kYehBarreeHamzaAbove;
        default:
          return 0;
      }
    default:
      return 0;
  }
}

// Invisible characters outside the Arabic block (U+061C is in the table).
bool IsInvisible(char32_t c) { return IsZeroWidth(c) || IsBidiControl(c); }

// Output for Normalize(): text and offsets in vectors sized ahead (at most
// kMaxGrowth bytes per input byte, topped up after presentation-form
// expansions), written through raw pointers; std::string::append per code
// point costs more than the normalization itself.
class MappedWriter {
 public:
  MappedWriter(std::string* text, std::vector<uint32_t>* offsets,
               std::size_t input)
      : text_(text), offsets_(offsets), size_(text->size()) {
    Reserve(input * kMaxGrowth + kMaxExpansionBytes);
  }
  ~MappedWriter() {
    text_->resize(size_);
    offsets_->resize(size_);
  }
  void Reserve(std::size_t bytes) {
    if (size_ + bytes <= text_->size()) return;
    text_->resize(size_ + bytes);
    offsets_->resize(size_ + bytes);
  }
  std::size_t size() const { return size_; }
  void Put(const char* bytes, uint32_t n, uint32_t src) {
    std::memcpy(text_->data() + size_, bytes, n);
    std::fill_n(offsets_->data() + size_, n, src);
    size_ += n;
  }
  void PutByte(char b, uint32_t src) {
    text_->data()[size_] = b;
    (*offsets_)[size_] = src;
    ++size_;
  }
  void Overwrite2(std::size_t pos, char32_t c) {
    EncodeUtf8(c, text_->data() + pos);
  }

 private:
  std::string* text_;
  std::vector<uint32_t>* offsets_;
  std::size_t size_;
};

// Output for NormalizeWordTo(): a caller buffer already big enough.
class RawWriter {
 public:
  explicit RawWriter(char* out) : out_(out) {}
  void Reserve(std::size_t) {}
  std::size_t size() const { return size_; }
  void Put(const char* bytes, uint32_t n, uint32_t) {
    std::memcpy(out_ + size_, bytes, n);
    size_ += n;
  }
  void PutByte(char b, uint32_t) { out_[size_++] = b; }
  void Overwrite2(std::size_t pos, char32_t c) { EncodeUtf8(c, out_ + pos); }

 private:
  char* out_;
  std::size_t size_ = 0;
};

}  // namespace

Normalizer::Normalizer(const NormalizeOptions& options) : options_(options) {
  for (char32_t c = kArabicBlockBegin; c < kArabicBlockEnd; ++c) {
    BlockEntry& e = block_[c - kArabicBlockBegin];
    char32_t to = c;
    if (options.fold_alef &&
        (c == kAlefHamzaAbove || c == kAlefHamzaBelow || c == kAlefMadda ||
         c == kAlefWasla || c == kAlefWavyHamzaAbove ||
         c == kAlefWavyHamzaBelow))
      to = kAlef;
    if (options.fold_alef_maqsura && c == kAlefMaqsura) to = kYeh;
    if (options.fold_teh_marbuta && (c == kTehMarbuta || c == kTehMarbutaGoal))
      to = kHeh;
    if (options.fold_waw_hamza && c == kWawHamzaAbove) to = kWaw;
    if (options.fold_yeh_hamza && c == kYehHamzaAbove) to = kYeh;
    if (options.fold_digits) {
      if (IsArabicIndicDigit(c)) to = U'0' + (c - kArabicIndicZero);
      if (IsPersianDigit(c)) to = U'0' + (c - kPersianZero);
      if (c == kArabicDecimalSeparator) to = U'.';
      if (c == kArabicThousandsSeparator) to = U',';
    }
    if (options.fold_persian) {
      if (c == kFarsiYeh) to = kYeh;
      if (c == kKeheh) to = kKaf;
    }
    e.to = to;
    e.size = static_cast<uint8_t>(EncodeUtf8(to, e.bytes));
    if (c == kTatweel || c == kArabicLetterMark ||
        (options.remove_harakat && IsArabicMark(c) && !IsComposingHamzaMark(c)))
      e.kind = BlockEntry::kDrop;
    if (IsComposingHamzaMark(c)) e.kind = BlockEntry::kComposingMark;

    // Only what Run() does without looking at the previous code point, and
    // only letters the stemmer accepts, qualify for the fast path.
    uint16_t& code = letter_code_[c - kArabicBlockBegin];
    if (e.kind == BlockEntry::kDrop) {
      code = kLetterDrop;
    } else if (e.kind == BlockEntry::kEmit && to >= kArabicBlockBegin &&
               to < kArabicBlockEnd && IsArabicLetter(to)) {
      code = static_cast<uint16_t>(to - kArabicBlockBegin);
    } else {
      code = kLetterSlow;
    }
  }
}

const Normalizer& Normalizer::Default() {
  static const Normalizer* const kDefault = new Normalizer();
  return *kDefault;
}

char32_t Normalizer::Fold(char32_t c) const {
  if (c < kArabicBlockBegin || c >= kArabicBlockEnd) return c;
  return block_[c - kArabicBlockBegin].to;
}

// One pass, no lookahead. Composition is done after the fact on the code
// point last written: every letter that composes (ا و ي ہ ە ے) is a fixed
// point of the folds, so composing with the folded letter already written
// gives what NFC-then-fold would, and retrying with folded bases (أ + U+0654
// with alef folding on composes as ا + U+0654) keeps Normalize idempotent.
// Dropped characters leave `last` alone, so composition sees through them
// exactly as a second pass over the output would.
template <typename Writer>
void Normalizer::Run(std::string_view input, Writer& out) const {
  char32_t last = 0;         // last code point written (0: none)
  std::size_t last_pos = 0;  // where it starts in the output

  auto emit_block = [&](char32_t c, uint32_t src) {
    const BlockEntry& e = block_[c - kArabicBlockBegin];
    switch (e.kind) {
      case BlockEntry::kEmit:
        last_pos = out.size();
        out.Put(e.bytes, e.size, src);
        last = e.to;
        break;
      case BlockEntry::kDrop:
        break;
      case BlockEntry::kComposingMark:
        if (const char32_t composed = Compose(last, c)) {
          last = Fold(composed);
          out.Overwrite2(last_pos, last);
        } else if (!options_.remove_harakat) {
          last_pos = out.size();
          out.Put(e.bytes, e.size, src);
          last = c;
        }
        break;
    }
  };
  auto emit = [&](char32_t c, uint32_t src) {
    if (c >= kArabicBlockBegin && c < kArabicBlockEnd) {
      emit_block(c, src);
    } else if (!IsInvisible(c)) {
      char buf[4];
      last_pos = out.size();
      out.Put(buf, EncodeUtf8(c, buf), src);
      last = c;
    }
  };

  const auto* p = reinterpret_cast<const unsigned char*>(input.data());
  const std::size_t n = input.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char b = p[i];
    if (b < 0x80) {
      out.PutByte(static_cast<char>(b), static_cast<uint32_t>(i));
      last = b;
      ++i;
      continue;
    }
    // Lead bytes D8..DB with a continuation byte: U+0600..U+06FF.
    if (b >= 0xD8 && b <= 0xDB && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
      emit_block(((b & 0x1F) << 6) | (p[i + 1] & 0x3F),
                 static_cast<uint32_t>(i));
      i += 2;
      continue;
    }
    const DecodedChar d = DecodeUtf8(input, i);
    const auto src = static_cast<uint32_t>(i);
    i += d.length;
    if (IsPresentationForm(d.code_point)) {
      const std::u32string_view expansion =
          ExpandPresentationForm(d.code_point);
      if (!expansion.empty()) {
        out.Reserve(kMaxExpansionBytes);
        for (const char32_t e : expansion) emit(e, src);
        out.Reserve((n - i) * kMaxGrowth + kMaxExpansionBytes);
        continue;
      }
    }
    emit(d.code_point, src);
  }
}

void Normalizer::Normalize(std::string_view input, NormalizedText* out) const {
  out->text.clear();
  out->offsets.clear();
  {
    MappedWriter writer(&out->text, &out->offsets, input.size());
    Run(input, writer);
  }
  out->offsets.push_back(static_cast<uint32_t>(input.size()));
}

NormalizedText Normalizer::Normalize(std::string_view input) const {
  NormalizedText out;
  Normalize(input, &out);
  return out;
}

std::size_t Normalizer::NormalizeWordTo(std::string_view word,
                                        char* out) const {
  RawWriter writer(out);
  Run(word, writer);
  return writer.size();
}

std::size_t Normalizer::NormalizeArabicLetters(std::string_view word, char* out,
                                               uint8_t* codes,
                                               std::size_t max_letters) const {
  const auto* p = reinterpret_cast<const unsigned char*>(word.data());
  const std::size_t n = word.size();
  if (n % 2 != 0) return kNotArabicLetters;
  std::size_t k = 0;
  for (std::size_t i = 0; i < n; i += 2) {
    const unsigned char b0 = p[i];
    const unsigned char b1 = p[i + 1];
    // Lead bytes D8..DB with a continuation byte: U+0600..U+06FF.
    if (b0 < 0xD8 || b0 > 0xDB || (b1 & 0xC0) != 0x80) return kNotArabicLetters;
    const uint16_t code = letter_code_[((b0 - 0xD8) << 6) | (b1 & 0x3F)];
    if (code == kLetterDrop) continue;
    if (code == kLetterSlow || k == max_letters) return kNotArabicLetters;
    // UTF-8 of U+0600 + code: lead D8..DB, then the low six bits.
    out[2 * k] = static_cast<char>(0xD8 | (code >> 6));
    out[2 * k + 1] = static_cast<char>(0x80 | (code & 0x3F));
    codes[k++] = static_cast<uint8_t>(code);
  }
  return k;
}

void Normalizer::AppendNormalizedWord(std::string_view word,
                                      std::string* out) const {
  const std::size_t old_size = out->size();
  out->resize(old_size + MaxNormalizedSize(word.size()));
  out->resize(old_size + NormalizeWordTo(word, out->data() + old_size));
}

// Building a Normalizer fills its tables for the whole Arabic block: the
// wrappers share Default() when `options` are the defaults (the common
// case, e.g. text::EntityKey once per entity) and build one otherwise.
NormalizedText Normalize(std::string_view input,
                         const NormalizeOptions& options) {
  if (options == NormalizeOptions()) return Normalizer::Default().Normalize(input);
  return Normalizer(options).Normalize(input);
}

std::string NormalizeToString(std::string_view input,
                              const NormalizeOptions& options) {
  std::string out;
  if (options == NormalizeOptions()) {
    Normalizer::Default().AppendNormalizedWord(input, &out);
  } else {
    Normalizer(options).AppendNormalizedWord(input, &out);
  }
  return out;
}

}  // namespace khabar::text
