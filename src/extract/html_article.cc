// Main-content extraction from news pages. How it works:
//
//  1. libxml2's HTML parser repairs the page into a tree (no network).
//  2. One iterative walk (an explicit stack: 100k nested elements cannot
//     overflow the call stack) reads the metadata and flattens the body into
//     text blocks: a block is the text of a paragraph-like element (<p>,
//     <li>, <h2>, <blockquote>, ...) or a run of text directly inside a
//     container (<div>, <td>, <section>, ...) up to the next block element
//     or a <br><br>. Scripts, styles, forms' controls, figures and captions
//     leave no block; caption texts are kept aside to drop their repeats.
//  3. Each block gets a score for being article text: length, Arabic
//     letters, sentence punctuation (، ؛ ؟ . ! : « » and Latin , ; ?),
//     times one minus its link density. Scores flow up to the block's
//     container (full), its parent (half) and grandparent (a sixth), as in
//     Readability. A container's score is scaled by a class/id hint
//     (article, story, content, ... up; nav, menu, footer, related, share,
//     comment, ... down) and by its own link density; text under a
//     boilerplate region (a footer, a sidebar that does not hold the <h1>)
//     counts a tenth there, and teasers cut with "…" a fifth; the best
//     box wins.
//  4. The winner climbs to its parent while the parent adds some, but not
//     much, more good text (a lead paragraph in its own box, a body split in
//     two); comment threads and sidebars add more and stop the climb.
//  5. The blocks inside the winner are kept in order, minus what is
//     boilerplate even there: blocks under a negative hint, link-heavy
//     lines, "اقرأ أيضا"/"شاهد أيضا"/"للمزيد" teasers, subscription pitches,
//     cookie notices, comment-policy lines, repeated captions, the headline
//     and lines too short to be a sentence.
#include "extract/html_article.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "extract/dates.h"
#include "extract/url.h"

namespace khabar::extract {
namespace {

// ---------------------------------------------------------------- text --

// The code point starting at s[i] (U+FFFD for a bad byte); advances i.
char32_t NextCodePoint(std::string_view s, size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  int len = 1;
  char32_t cp = c;
  if (c >= 0xF0 && c < 0xF8) {
    len = 4;
    cp = c & 0x07;
  } else if (c >= 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if (c >= 0x80) {
    ++i;
    return 0xFFFD;
  }
  if (len > 1) {
    if (i + len > s.size()) {
      i = s.size();
      return 0xFFFD;
    }
    for (int k = 1; k < len; ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
  }
  i += len;
  return cp;
}

bool IsArabicLetter(char32_t cp) {
  return (cp >= 0x0621 && cp <= 0x064A) || (cp >= 0x0671 && cp <= 0x06D3) ||
         (cp >= 0x06FA && cp <= 0x06FF);
}

bool IsSentencePunct(char32_t cp) {
  switch (cp) {
    case U'،':
    case U'؛':
    case U'؟':
    case U'.':
    case U'!':
    case U':':
    case U'«':
    case U'»':
    case U',':
    case U';':
    case U'?':
      return true;
    default:
      return false;
  }
}

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

// Appends `text` to `out` with runs of white space (ASCII, NBSP) as one
// space; `out` never starts with a space.
void AppendCollapsed(std::string& out, std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    bool space = IsAsciiSpace(c);
    size_t skip = 0;
    if (!space && static_cast<unsigned char>(c) == 0xC2 &&
        i + 1 < text.size() &&
        static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      space = true;
      skip = 1;
    }
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
      i += skip;
    } else {
      out.push_back(c);
    }
  }
}

std::string Collapse(std::string_view text) {
  std::string out;
  AppendCollapsed(out, text);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

int CountWords(std::string_view s) {
  int words = 0;
  bool in_word = false;
  for (char c : s) {
    if (c == ' ') {
      in_word = false;
    } else if (!in_word) {
      in_word = true;
      ++words;
    }
  }
  return words;
}

struct TextStats {
  int chars = 0;    // code points
  int arabic = 0;   // Arabic letters
  int letters = 0;  // Arabic letters + ASCII letters
  int punct = 0;    // sentence punctuation
};

TextStats Measure(std::string_view s) {
  TextStats st;
  for (size_t i = 0; i < s.size();) {
    const char32_t cp = NextCodePoint(s, i);
    ++st.chars;
    if (IsArabicLetter(cp)) {
      ++st.arabic;
      ++st.letters;
    } else if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
      ++st.letters;
    } else if (IsSentencePunct(cp)) {
      ++st.punct;
    }
  }
  return st;
}

int CodePoints(std::string_view s) {
  int n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// Arabic spelling variants folded for phrase matching: alef forms -> ا,
// teh marbuta kept, tatweel and harakat dropped, alef maksura -> ي.
std::string FoldArabic(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t start = i;
    const char32_t cp = NextCodePoint(s, i);
    if (cp == 0x0623 || cp == 0x0625 || cp == 0x0622 || cp == 0x0671) {
      out += "\xD8\xA7";  // ا
    } else if (cp == 0x0649) {
      out += "\xD9\x8A";  // ي
    } else if (cp == 0x0640 || (cp >= 0x064B && cp <= 0x0652)) {
      // tatweel, harakat
    } else if (cp >= 'A' && cp <= 'Z') {
      out.push_back(static_cast<char>(cp - 'A' + 'a'));
    } else {
      out.append(s.substr(start, i - start));
    }
  }
  return out;
}

// --------------------------------------------------------------- hints --

std::string_view Attr(const xmlNode* node, const char* name) {
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (a->name != nullptr &&
        xmlStrcasecmp(a->name, reinterpret_cast<const xmlChar*>(name)) == 0) {
      const xmlNode* v = a->children;
      if (v != nullptr && v->type == XML_TEXT_NODE && v->content != nullptr) {
        return reinterpret_cast<const char*>(v->content);
      }
      return "";
    }
  }
  return {};
}

std::string_view Name(const xmlNode* node) {
  return node->name != nullptr ? reinterpret_cast<const char*>(node->name) : "";
}

// The lower-cased tokens of class and id, split at anything not a letter
// or digit ("related-posts" -> related, posts).
std::vector<std::string> HintTokens(const xmlNode* node) {
  std::vector<std::string> tokens;
  for (const char* attr : {"class", "id"}) {
    const std::string_view v = Attr(node, attr);
    std::string cur;
    for (size_t i = 0; i < v.size(); ++i) {
      char c = v[i];
      // camelCase: "imgCaption" -> img, caption.
      if (c >= 'A' && c <= 'Z' && i > 0 && v[i - 1] >= 'a' && v[i - 1] <= 'z' &&
          !cur.empty()) {
        tokens.push_back(std::move(cur));
        cur.clear();
      }
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        cur.push_back(c);
      } else if (!cur.empty()) {
        tokens.push_back(std::move(cur));
        cur.clear();
      }
    }
    if (!cur.empty()) tokens.push_back(std::move(cur));
  }
  return tokens;
}

bool IsNegativeToken(std::string_view t) {
  static constexpr std::string_view kNegative[] = {
      "nav",         "navbar",    "navigation", "menu",          "footer",
      "sidebar",     "side",      "aside",      "related",       "share",
      "sharing",     "social",    "comment",    "comments",      "cookie",
      "cookies",     "consent",   "subscribe",  "subscription",  "newsletter",
      "ad",          "ads",       "advert",     "advertisement", "adv",
      "sponsor",     "sponsored", "promo",      "banner",        "breadcrumb",
      "breadcrumbs", "tags",      "tag",        "caption",       "figure",
      "figcaption",  "more",      "readmore",   "widget",        "popular",
      "trending",    "mostread",  "outbrain",   "taboola",       "recommended",
      "masthead",    "topbar",    "ticker",     "toolbar",       "pagination",
      "pager",       "print",     "byline",     "meta",          "author",
      "rss",         "modal",     "popup"};
  for (std::string_view n : kNegative) {
    if (t == n) return true;
  }
  return t.starts_with("advert") || t.starts_with("comment") ||
         t.starts_with("sidebar") || t.starts_with("related") ||
         t.starts_with("share") || t.starts_with("social") ||
         t.starts_with("newsletter") || t.starts_with("cookie");
}

bool IsPositiveToken(std::string_view t) {
  static constexpr std::string_view kPositive[] = {
      "article",  "story",       "content",    "body",        "post",
      "entry",    "text",        "main",       "articlebody", "storybody",
      "postbody", "articletext", "story-body", "detail",      "details"};
  for (std::string_view p : kPositive) {
    if (t == p) return true;
  }
  return false;
}

// Hints in the tag itself: <nav>, <aside>, <footer>, <form> never hold the
// article; <figure>/<figcaption> are skipped elsewhere.
bool IsNegativeTag(std::string_view tag) {
  return tag == "nav" || tag == "aside" || tag == "footer" || tag == "menu";
}

bool IsNegative(const xmlNode* node, const std::vector<std::string>& tokens) {
  const std::string_view tag = Name(node);
  if (tag == "body" || tag == "html") return false;
  if (IsNegativeTag(tag)) return true;
  if (Attr(node, "itemprop") == "articleBody") return false;
  const std::string_view role = Attr(node, "role");
  if (role == "navigation" || role == "complementary" ||
      role == "contentinfo" || role == "banner") {
    return true;
  }
  const std::string_view hidden = Attr(node, "aria-hidden");
  if (hidden == "true") return true;
  for (const std::string& t : tokens) {
    if (IsNegativeToken(t)) return true;
  }
  return false;
}

bool IsNegative(const xmlNode* node) {
  return IsNegative(node, HintTokens(node));
}

int ClassWeight(const xmlNode* node) {
  const std::string_view tag = Name(node);
  if (tag == "body" || tag == "html") return 0;
  if (IsNegative(node)) return -25;
  int weight = 0;
  if (Attr(node, "itemprop") == "articleBody") weight += 40;
  if (tag == "article" || tag == "main") weight += 10;
  for (const std::string& t : HintTokens(node)) {
    if (IsPositiveToken(t)) {
      weight += 25;
      break;
    }
  }
  return weight;
}

int TagWeight(std::string_view tag) {
  if (tag == "div" || tag == "article" || tag == "section" || tag == "main") {
    return 5;
  }
  if (tag == "pre" || tag == "td" || tag == "blockquote") return 3;
  if (tag == "address" || tag == "ol" || tag == "ul" || tag == "dl" ||
      tag == "dd" || tag == "dt" || tag == "li" || tag == "form") {
    return -3;
  }
  if (tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6') {
    return -5;
  }
  if (tag == "th") return -5;
  return 0;
}

// ------------------------------------------------------------- the walk --

bool IsSkippedTag(std::string_view tag) {
  static constexpr std::string_view kSkipped[] = {
      "script", "style",  "noscript", "template", "iframe",   "svg",
      "object", "embed",  "select",   "button",   "textarea", "input",
      "option", "canvas", "video",    "audio",    "map",      "title"};
  for (std::string_view s : kSkipped) {
    if (tag == s) return true;
  }
  return false;
}

bool IsCaptionTag(std::string_view tag) {
  return tag == "figure" || tag == "figcaption" || tag == "caption";
}

bool IsBlockTag(std::string_view tag) {
  static constexpr std::string_view kBlocks[] = {
      "p",     "div",   "section",    "article", "main",   "td",     "th",
      "li",    "ul",    "ol",         "h1",      "h2",     "h3",     "h4",
      "h5",    "h6",    "blockquote", "pre",     "table",  "tr",     "tbody",
      "thead", "tfoot", "header",     "footer",  "nav",    "aside",  "dl",
      "dt",    "dd",    "figure",     "form",    "hr",     "center", "address",
      "body",  "html",  "fieldset",   "details", "summary"};
  for (std::string_view b : kBlocks) {
    if (tag == b) return true;
  }
  return false;
}

// Paragraph-like owners pass their score to their parent; containers keep
// the score of their own text runs.
bool IsParagraphTag(std::string_view tag) {
  return tag == "p" || tag == "li" || tag == "blockquote" || tag == "pre" ||
         tag == "dd" || tag == "dt" ||
         (tag.size() == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6');
}

struct Block {
  std::string text;
  int chars = 0;
  int link_chars = 0;
  xmlNode* owner = nullptr;
  int owner_order = 0;          // preorder index of the owner
  xmlNode* negative = nullptr;  // innermost negative-hinted ancestor
  int negative_order = -1;
  bool in_header = false;  // inside a <header> (headline, dek, byline)
};

struct Element {
  int order = 0;        // preorder index
  int end_order = 0;    // last preorder index in the subtree
  int first_block = 0;  // blocks [first_block, end_block) are inside
  int end_block = 0;
};

struct JsonLd {
  std::string headline, author, published, modified, image, publisher;
};

// What one walk over the document collects.
struct Page {
  std::vector<Block> blocks;
  std::unordered_map<const xmlNode*, Element> elements;
  std::vector<std::string> captions;
  std::vector<std::pair<int, std::string>> h1s;  // preorder, text
  std::string html_lang;
  std::string title;
  std::unordered_map<std::string, std::string> meta;  // first of each name
  std::string canonical;
  std::vector<std::string> feeds;  // raw hrefs
  std::vector<std::string> json_ld;
  std::string time_datetime;
  std::string byline;
};

// Gathers the text under `node` iteratively (for <title>, captions, ...).
std::string SubtreeText(const xmlNode* node) {
  std::string out;
  std::vector<const xmlNode*> stack;
  for (const xmlNode* c = node->last; c != nullptr; c = c->prev) {
    stack.push_back(c);
  }
  while (!stack.empty()) {
    const xmlNode* n = stack.back();
    stack.pop_back();
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content != nullptr) {
        out.push_back(' ');
        out += reinterpret_cast<const char*>(n->content);
      }
    } else if (n->type == XML_ELEMENT_NODE) {
      const std::string_view tag = Name(n);
      if (tag == "script" || tag == "style") continue;
      if (tag == "br") out.push_back(' ');
      for (const xmlNode* c = n->last; c != nullptr; c = c->prev) {
        stack.push_back(c);
      }
    }
  }
  return Collapse(out);
}

std::string RawText(const xmlNode* node) {
  std::string out;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
        c->content != nullptr) {
      out += reinterpret_cast<const char*>(c->content);
    }
  }
  return out;
}

bool RelHas(std::string_view rel, std::string_view want) {
  std::string lower = Lower(rel);
  size_t i = 0;
  while (i < lower.size()) {
    while (i < lower.size() && IsAsciiSpace(lower[i])) ++i;
    size_t j = i;
    while (j < lower.size() && !IsAsciiSpace(lower[j])) ++j;
    if (std::string_view(lower).substr(i, j - i) == want) return true;
    i = j;
  }
  return false;
}

bool IsFeedType(std::string_view type) {
  const std::string t = Collapse(Lower(type));
  return t == "application/rss+xml" || t == "application/atom+xml" ||
         t == "application/feed+json" || t == "application/json" ||
         t == "application/rdf+xml" || t == "text/xml" ||
         t == "application/xml";
}

class Walker {
 public:
  explicit Walker(Page& page) : page_(page) {}

  void Run(xmlNode* root) {
    struct Frame {
      xmlNode* node;
      bool exit;
    };
    std::vector<Frame> stack;
    stack.push_back({root, false});
    while (!stack.empty()) {
      Frame f = stack.back();
      stack.pop_back();
      if (f.exit) {
        Leave(f.node);
        continue;
      }
      xmlNode* n = f.node;
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        Text(n);
        continue;
      }
      if (n->type != XML_ELEMENT_NODE && n->type != XML_HTML_DOCUMENT_NODE &&
          n->type != XML_DOCUMENT_NODE) {
        continue;
      }
      if (n->type == XML_ELEMENT_NODE && !Enter(n)) continue;
      stack.push_back({n, true});
      for (xmlNode* c = n->last; c != nullptr; c = c->prev) {
        stack.push_back({c, false});
      }
    }
    Flush();
  }

 private:
  // Returns false to skip the element's subtree.
  bool Enter(xmlNode* n) {
    const std::string_view tag = Name(n);
    const std::vector<std::string> tokens = HintTokens(n);
    ReadMetadata(n, tag, tokens);
    if (IsSkippedTag(tag) || IsHidden(n)) return false;
    if (IsCaptionTag(tag) || (HasCaptionHint(tokens) && tag != "body")) {
      std::string text = SubtreeText(n);
      if (!text.empty()) page_.captions.push_back(std::move(text));
      return false;
    }
    if (tag == "br") {
      if (pending_br_) {
        Flush();
      } else {
        pending_br_ = true;
        if (!text_.empty() && text_.back() != ' ') text_.push_back(' ');
      }
      return false;
    }
    if (tag == "img" || tag == "hr") {
      if (tag == "hr") Flush();
      return false;
    }
    Element& e = page_.elements[n];
    e.order = order_++;
    e.first_block = static_cast<int>(page_.blocks.size());
    if (tag == "a") ++link_depth_;
    if (IsBlockTag(tag)) {
      Flush();
      owners_.push_back(n);
    }
    if (IsNegative(n, tokens)) negatives_.push_back(n);
    if (tag == "header") ++header_depth_;
    return true;
  }

  void Leave(xmlNode* n) {
    if (n->type != XML_ELEMENT_NODE) return;
    const std::string_view tag = Name(n);
    if (tag == "a" && link_depth_ > 0) --link_depth_;
    if (tag == "header" && header_depth_ > 0) {
      Flush();
      --header_depth_;
    }
    if (IsBlockTag(tag)) {
      Flush();
      if (!owners_.empty() && owners_.back() == n) owners_.pop_back();
    }
    if (!negatives_.empty() && negatives_.back() == n) negatives_.pop_back();
    Element& e = page_.elements[n];
    e.end_order = order_ - 1;
    e.end_block = static_cast<int>(page_.blocks.size());
    if (tag == "h1") {
      // The h1's text is its block, just flushed.
      if (!page_.blocks.empty() && page_.blocks.back().owner == n) {
        page_.h1s.emplace_back(e.order, page_.blocks.back().text);
      }
    }
  }

  void Text(const xmlNode* n) {
    if (n->content == nullptr) return;
    const std::string_view s = reinterpret_cast<const char*>(n->content);
    const size_t before = text_.size();
    AppendCollapsed(text_, s);
    if (text_.size() == before) return;
    bool visible = false;
    for (size_t i = before; i < text_.size(); ++i) {
      if (text_[i] != ' ') visible = true;
    }
    if (visible) pending_br_ = false;
    if (link_depth_ > 0) {
      link_chars_ += CodePoints(std::string_view(text_).substr(before));
    }
  }

  void Flush() {
    pending_br_ = false;
    while (!text_.empty() && text_.back() == ' ') text_.pop_back();
    if (text_.empty() || owners_.empty()) {
      text_.clear();
      link_chars_ = 0;
      return;
    }
    Block b;
    b.text = std::move(text_);
    b.chars = CodePoints(b.text);
    b.link_chars = std::min(link_chars_, b.chars);
    b.owner = owners_.back();
    b.owner_order = page_.elements[b.owner].order;
    b.in_header = header_depth_ > 0;
    if (!negatives_.empty()) {
      b.negative = negatives_.back();
      b.negative_order = page_.elements[b.negative].order;
    }
    page_.blocks.push_back(std::move(b));
    text_.clear();
    link_chars_ = 0;
  }

  // hidden, aria-hidden or display:none: not shown to the reader.
  static bool IsHidden(const xmlNode* n) {
    if (xmlHasProp(n, reinterpret_cast<const xmlChar*>("hidden")) != nullptr) {
      return true;
    }
    std::string style = Lower(Attr(n, "style"));
    style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
    return style.find("display:none") != std::string::npos ||
           style.find("visibility:hidden") != std::string::npos;
  }

  static bool HasCaptionHint(const std::vector<std::string>& tokens) {
    for (const std::string& t : tokens) {
      if (t.find("caption") != std::string::npos || t == "credit" ||
          t == "credits") {
        return true;
      }
    }
    return false;
  }

  void ReadMetadata(xmlNode* n, std::string_view tag,
                    const std::vector<std::string>& tokens) {
    if (tag == "html") {
      if (page_.html_lang.empty()) page_.html_lang = Collapse(Attr(n, "lang"));
    } else if (tag == "title") {
      if (page_.title.empty()) page_.title = SubtreeText(n);
    } else if (tag == "meta") {
      std::string key = Lower(Attr(n, "property"));
      if (key.empty()) key = Lower(Attr(n, "name"));
      if (key.empty()) key = Lower(Attr(n, "itemprop"));
      if (!key.empty()) {
        std::string content = Collapse(Attr(n, "content"));
        if (!content.empty()) page_.meta.try_emplace(key, std::move(content));
      }
    } else if (tag == "link") {
      const std::string_view rel = Attr(n, "rel");
      if (RelHas(rel, "canonical") && page_.canonical.empty()) {
        page_.canonical = Collapse(Attr(n, "href"));
      }
      if (RelHas(rel, "alternate") && IsFeedType(Attr(n, "type"))) {
        std::string href = Collapse(Attr(n, "href"));
        if (!href.empty()) page_.feeds.push_back(std::move(href));
      }
    } else if (tag == "script") {
      if (Collapse(Lower(Attr(n, "type"))) == "application/ld+json") {
        page_.json_ld.push_back(RawText(n));
      }
    } else if (tag == "time") {
      if (page_.time_datetime.empty()) {
        page_.time_datetime = Collapse(Attr(n, "datetime"));
      }
    }
    if (page_.byline.empty() && tag != "meta" && tag != "link" &&
        tag != "body" && tag != "html") {
      bool byline =
          RelHas(Attr(n, "rel"), "author") || Attr(n, "itemprop") == "author";
      if (!byline) {
        for (const std::string& t : tokens) {
          if (t == "author" || t == "byline" || t == "writer") byline = true;
        }
      }
      if (byline) {
        std::string text = SubtreeText(n);
        if (!text.empty() && CodePoints(text) <= 80) page_.byline = text;
      }
    }
  }

  Page& page_;
  std::vector<xmlNode*> owners_;
  std::vector<xmlNode*> negatives_;
  std::string text_;
  int link_chars_ = 0;
  int link_depth_ = 0;
  int header_depth_ = 0;
  int order_ = 0;
  bool pending_br_ = false;
};

// ---------------------------------------------------------- the parser --

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

// libxml2 2.9.14's HTML parser stops at 256 nested elements unless given
// XML_PARSE_HUGE: the rest of the page is then silently lost (measured:
// 300 nested <div>s around a <p> gave a tree 256 deep and no <p>). With it,
// 100k levels parse (its HTML content parser and xmlFreeDoc do not
// recurse), and every walk here uses an explicit stack.
DocPtr ParseHtml(std::string_view html) {
  if (html.size() > static_cast<size_t>(INT32_MAX)) return nullptr;
  const int options = HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                      HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
                      HTML_PARSE_NOBLANKS | XML_PARSE_HUGE;
  return DocPtr(htmlReadMemory(html.data(), static_cast<int>(html.size()),
                               nullptr, "UTF-8", options));
}

// ------------------------------------------------------------- JSON-LD --

// nlohmann's parser recurses; refuse deep documents before parsing.
bool ShallowJson(std::string_view s) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > 32) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

using Json = nlohmann::json;

std::string JsonString(const Json& j) {
  if (j.is_string()) return Collapse(j.get<std::string>());
  return "";
}

// "name" of an object, the string itself, or the first of an array.
std::string JsonName(const Json& j, const char* key) {
  if (j.is_string()) return Collapse(j.get<std::string>());
  if (j.is_object()) {
    auto it = j.find(key);
    if (it != j.end()) return JsonString(*it);
  }
  if (j.is_array()) {
    for (const Json& item : j) {
      std::string s = JsonName(item, key);
      if (!s.empty()) return s;
    }
  }
  return "";
}

bool IsArticleType(const Json& type) {
  auto one = [](const Json& t) {
    if (!t.is_string()) return false;
    const std::string& s = t.get_ref<const std::string&>();
    return s == "NewsArticle" || s == "Article" || s == "BlogPosting" ||
           s == "ReportageNewsArticle" || s == "AnalysisNewsArticle" ||
           s == "OpinionNewsArticle" || s == "BackgroundNewsArticle" ||
           s == "LiveBlogPosting" || s == "Report";
  };
  if (type.is_array()) {
    for (const Json& t : type) {
      if (one(t)) return true;
    }
    return false;
  }
  return one(type);
}

void ReadJsonLdItem(const Json& item, JsonLd& out, bool& found) {
  if (item.is_array()) {
    for (const Json& i : item) ReadJsonLdItem(i, out, found);
    return;
  }
  if (!item.is_object()) return;
  if (auto g = item.find("@graph"); g != item.end()) {
    ReadJsonLdItem(*g, out, found);
  }
  auto type = item.find("@type");
  if (found || type == item.end() || !IsArticleType(*type)) return;
  found = true;
  auto get = [&](const char* key) -> const Json* {
    auto it = item.find(key);
    return it == item.end() ? nullptr : &*it;
  };
  if (const Json* j = get("headline")) out.headline = JsonString(*j);
  if (const Json* j = get("author")) out.author = JsonName(*j, "name");
  if (const Json* j = get("datePublished")) out.published = JsonString(*j);
  if (const Json* j = get("dateModified")) out.modified = JsonString(*j);
  if (const Json* j = get("image")) out.image = JsonName(*j, "url");
  if (const Json* j = get("publisher")) out.publisher = JsonName(*j, "name");
}

JsonLd ReadJsonLd(const std::vector<std::string>& scripts) {
  JsonLd out;
  bool found = false;
  for (const std::string& s : scripts) {
    if (found) break;
    if (!ShallowJson(s)) continue;
    try {
      Json j = Json::parse(s, nullptr, /*allow_exceptions=*/false);
      if (j.is_discarded()) continue;
      ReadJsonLdItem(j, out, found);
    } catch (const std::exception&) {
      // A field of an unexpected type: ignore this script.
    }
  }
  return out;
}

// ------------------------------------------------------------- scoring --

double BlockScore(const Block& b) {
  if (b.chars < 25) return 0;
  const TextStats st = Measure(b.text);
  double score = 1 + st.punct + std::min(b.chars / 100.0, 3.0);
  if (st.letters > 0 && st.arabic * 2 > st.letters) score += 1;
  const double density = static_cast<double>(b.link_chars) / b.chars;
  // A line cut short with an ellipsis is a teaser for another page ("latest
  // news" lists), not this article's text: it counts for little.
  const bool truncated = b.text.ends_with("…") || b.text.ends_with("...");
  return score * (1 - density) * (truncated ? 0.2 : 1.0);
}

bool StartsWithAny(std::string_view folded,
                   std::initializer_list<std::string_view> prefixes) {
  for (std::string_view p : prefixes) {
    if (folded.starts_with(p)) return true;
  }
  return false;
}

bool ContainsAny(std::string_view folded,
                 std::initializer_list<std::string_view> parts) {
  for (std::string_view p : parts) {
    if (folded.find(p) != std::string_view::npos) return true;
  }
  return false;
}

// Boilerplate by its words: teasers, pitches, notices. Phrases are folded
// (FoldArabic: alef forms as ا, ى as ي, no harakat).
bool IsBoilerplateText(const Block& b, std::string_view folded, int words) {
  const bool linky = b.link_chars * 5 > b.chars;
  if (words <= 40 || linky) {
    if (StartsWithAny(folded, {"اقرا ايضا",
                               "اقرا ايضاً",
                               "اقرا المزيد",
                               "اقرا كذلك",
                               "شاهد ايضا",
                               "شاهد ايضاً",
                               "شاهد المزيد",
                               "للمزيد",
                               "المزيد:",
                               "طالع ايضا",
                               "اقرا:",
                               "اقرا ايضا:",
                               "مواضيع ذات صلة",
                               "اخبار ذات صلة",
                               "ذات صلة",
                               "تابعونا",
                               "تابعوا",
                               "تابع ",
                               "شارك",
                               "انشر",
                               "read more",
                               "read also",
                               "see also",
                               "related:",
                               "advertisement",
                               "اعلان",
                               "share",
                               "tags:",
                               "الوسوم",
                               "كلمات مفتاحية",
                               "الكلمات المفتاحية",
                               "المصدر:",
                               "مصدر الصورة",
                               "صورة:",
                               "الصورة:",
                               "حقوق النشر",
                               "جميع الحقوق",
                               "©"})) {
      return true;
    }
  }
  if (words <= 80 || linky) {
    if (ContainsAny(folded, {"اشترك في",         "اشترك الان",
                             "اشترك الآن",       "نشرتنا",
                             "النشرة البريدية",  "النشرة الاخبارية",
                             "بريدك الالكتروني", "ملفات تعريف الارتباط",
                             "ملفات الارتباط",   "الكوكيز",
                             "cookie",           "subscribe",
                             "newsletter",       "جميع الحقوق محفوظة",
                             "الاراء الواردة",   "لا تعبر عن راي",
                             "لا تعبر بالضرورة", "ترحب شبكة",
                             "مراجعة التعليقات", "اضف تعليق",
                             "اضف تعليقك",       "التعليقات المنشورة",
                             "سياسة الخصوصية",   "all rights reserved"})) {
      return true;
    }
  }
  return false;
}

// The date in a short line such as "الأربعاء، 28 آب/اغسطس 2013، آخر تحديث
// 14:00": the longest prefix, cut at a comma, that ParseArabicDate reads.
std::optional<UnixSeconds> DateInLine(std::string_view text) {
  if (text.size() > 200) return std::nullopt;
  std::vector<size_t> cuts;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    if (text.substr(i).starts_with("،") || text[i] == ',' || text[i] == '|' ||
        text.substr(i).starts_with(" - ")) {
      cuts.push_back(i);
    }
  }
  cuts.push_back(text.size());
  for (auto it = cuts.rbegin(); it != cuts.rend(); ++it) {
    std::string_view prefix = text.substr(0, *it);
    if (auto d = ParseArabicDate(prefix)) return d;
    if (auto d = ParseDateTime(prefix)) return d;
  }
  // "نشر في: 28 ..." style labels: also try after the first colon.
  if (size_t colon = text.find(':'); colon != std::string_view::npos &&
                                     colon + 1 < text.size() && colon < 40) {
    std::string rest = Collapse(text.substr(colon + 1));
    if (auto d = ParseArabicDate(rest)) return d;
  }
  return std::nullopt;
}

// ----------------------------------------------------------- the title --

std::string StripSiteName(std::string title, std::string_view site) {
  static constexpr std::string_view kSeps[] = {" - ", " | ", " :: ", " – ",
                                               " — ", " » ", " « ",  " : "};
  const std::string folded_site = FoldArabic(Collapse(site));
  auto is_site = [&](const std::string& part) {
    const std::string folded = FoldArabic(Collapse(part));
    return !folded.empty() && (folded.find(folded_site) != std::string::npos ||
                               folded_site.find(folded) != std::string::npos);
  };
  // A known site name at the end, then at the start.
  if (!folded_site.empty()) {
    for (std::string_view sep : kSeps) {
      const size_t last = title.rfind(sep);
      if (last != std::string::npos && last > 0 &&
          is_site(title.substr(last + sep.size()))) {
        return Collapse(title.substr(0, last));
      }
    }
    for (std::string_view sep : kSeps) {
      const size_t first = title.find(sep);
      if (first != std::string::npos && is_site(title.substr(0, first))) {
        return Collapse(title.substr(first + sep.size()));
      }
    }
  }
  // Else a short segment (up to 4 words) at the end, then (up to 3) at the
  // start; a colon is too often part of the headline.
  for (std::string_view sep : kSeps) {
    if (sep == " : ") continue;
    const size_t last = title.rfind(sep);
    if (last != std::string::npos && last > 0) {
      const std::string tail = title.substr(last + sep.size());
      const std::string head = title.substr(0, last);
      if (CountWords(tail) <= 4 && CountWords(head) > CountWords(tail)) {
        return Collapse(head);
      }
    }
  }
  for (std::string_view sep : kSeps) {
    if (sep == " : ") continue;
    const size_t first = title.find(sep);
    if (first != std::string::npos) {
      const std::string head = title.substr(0, first);
      const std::string tail = title.substr(first + sep.size());
      if (CountWords(head) <= 3 && CountWords(tail) > CountWords(head) + 2) {
        return Collapse(tail);
      }
    }
  }
  return title;
}

// ------------------------------------------------------------ the body --

struct Body {
  std::vector<std::string> paragraphs;
  int first_order = -1;  // preorder of the first kept block's owner
  std::optional<UnixSeconds> dateline;
};

bool Inside(const Element& outer, int order) {
  return order >= outer.order && order <= outer.end_order;
}

// Readability-style scores of the elements that hold text.
struct Scores {
  std::unordered_map<const xmlNode*, double> base;
  std::vector<int64_t> chars, links;  // prefix sums over the blocks
  const xmlNode* best = nullptr;
  double best_score = 0;
  int64_t total_chars = 0;
  std::vector<std::pair<int, std::string>> h1s;  // the page's (preorder, text)

  double Final(const xmlNode* node, const Element& e) const {
    auto it = base.find(node);
    const double b = it == base.end() ? 0 : it->second;
    const int64_t c = chars[e.end_block] - chars[e.first_block];
    const int64_t l = links[e.end_block] - links[e.first_block];
    const double density = c > 0 ? static_cast<double>(l) / c : 0;
    // Class and id hints scale the text a box holds rather than add to it:
    // a "content" box with one line of text (a footer's "about us") must
    // not outscore the article's box on its name alone.
    double hint = std::clamp(1.0 + ClassWeight(node) / 50.0, 0.25, 2.0);
    // The box that holds the headline (<h1>) is where the article is, when
    // nothing else tells: a short article beside an "about us" box. Not
    // for boxes that hold most of the page (they hold everything).
    if (c * 5 < total_chars * 4) {
      for (const auto& [order, text] : h1s) {
        if (order >= e.order && order <= e.end_order) {
          hint *= 1.5;
          break;
        }
      }
    }
    return (b * hint + TagWeight(Name(node))) * (1 - density);
  }
};

// A container holding just its own text reads as one paragraph.
bool IsParagraphLike(const Page& page, const Block& b) {
  if (IsParagraphTag(Name(b.owner))) return true;
  auto it = page.elements.find(b.owner);
  return it != page.elements.end() &&
         it->second.end_block - it->second.first_block == 1;
}

Scores ScoreElements(const Page& page) {
  Scores sc;
  sc.chars.assign(page.blocks.size() + 1, 0);
  sc.links.assign(page.blocks.size() + 1, 0);
  for (size_t i = 0; i < page.blocks.size(); ++i) {
    sc.chars[i + 1] = sc.chars[i] + page.blocks[i].chars;
    sc.links[i + 1] = sc.links[i] + page.blocks[i].link_chars;
  }
  sc.total_chars = sc.chars.back();
  sc.h1s = page.h1s;
  // A block under a footer, sidebar, comment thread... counts little for
  // the boxes inside that region (a footer's "about us" prose in a
  // div.content, a sidebar of "latest news" teasers next to a short
  // article, must not win), unless the region is a wrapper ("has-sidebar")
  // around the article too: it holds the page's <h1>, or, on a page
  // without one, most of the page's text.
  const int64_t total = sc.chars.back();
  auto boilerplate_region = [&](const Block& b) -> const Element* {
    if (b.negative == nullptr) return nullptr;
    auto it = page.elements.find(b.negative);
    if (it == page.elements.end()) return nullptr;
    const Element& e = it->second;
    if (page.h1s.empty()) {
      const int64_t inside = sc.chars[e.end_block] - sc.chars[e.first_block];
      return inside * 2 < total ? &e : nullptr;
    }
    for (const auto& [order, text] : page.h1s) {
      if (Inside(e, order)) return nullptr;
    }
    return &e;
  };
  for (const Block& b : page.blocks) {
    const double s = BlockScore(b);
    if (s <= 0) continue;
    const Element* region = boilerplate_region(b);
    const xmlNode* n = IsParagraphLike(page, b) ? b.owner->parent : b.owner;
    for (int level = 0; level < 3 && n != nullptr; ++level) {
      if (n->type != XML_ELEMENT_NODE) break;
      double share = level == 0 ? 1.0 : level == 1 ? 0.5 : 1.0 / 6;
      if (region != nullptr) {
        auto it = page.elements.find(n);
        if (it != page.elements.end() && Inside(*region, it->second.order)) {
          share *= 0.1;
        }
      }
      sc.base[n] += s * share;
      n = n->parent;
    }
  }
  int best_order = 0;
  for (const auto& [node, base] : sc.base) {
    auto it = page.elements.find(node);
    if (it == page.elements.end()) continue;
    const double score = sc.Final(node, it->second);
    if (sc.best == nullptr || score > sc.best_score ||
        (score == sc.best_score && it->second.order < best_order)) {
      sc.best = node;
      sc.best_score = score;
      best_order = it->second.order;
    }
  }
  return sc;
}

// Prose: a sentence-ending block of some length with few links; `alone`:
// the only block of its box (a lead paragraph), which may be shorter.
bool IsProseBlock(const Block& b, bool alone) {
  if (b.link_chars * 4 > b.chars) return false;
  if (CountWords(b.text) < 20 && !(alone && b.chars >= 60)) return false;
  return b.text.ends_with(".") || b.text.ends_with("؟") ||
         b.text.ends_with("!") || b.text.ends_with("?") ||
         b.text.ends_with("»") || b.text.ends_with("\"") ||
         b.text.ends_with(":");
}

Body ExtractBody(const Page& page, const std::string& title) {
  Body body;
  const Scores scores = ScoreElements(page);
  if (scores.best == nullptr) return body;
  const xmlNode* container = scores.best;

  // Blocks whose innermost negative hint is the scope or above it count as
  // clean there (the page may wrap everything in a "has-sidebar" box).
  auto clean = [&](const Block& b, const Element& scope) {
    return b.negative == nullptr || !Inside(scope, b.negative_order) ||
           b.negative_order == scope.order;
  };
  // The container and, as in Readability, siblings that score well or hold
  // prose (a lead paragraph in its own box, a body split in two).
  std::vector<const Element*> chosen;
  const xmlNode* parent = container->parent;
  if (parent == nullptr || page.elements.count(parent) == 0) {
    chosen.push_back(&page.elements.at(container));
  } else {
    const double threshold = std::max(10.0, scores.best_score * 0.2);
    for (const xmlNode* s = parent->children; s != nullptr; s = s->next) {
      auto it = page.elements.find(s);
      if (it == page.elements.end()) continue;
      const Element& e = it->second;
      if (s == container) {
        chosen.push_back(&e);
        continue;
      }
      if (e.first_block == e.end_block || IsNegative(s)) continue;
      // A list of headlines with teasers ("more news" under the article)
      // is prose too, but each of its items starts with a link.
      int headlines = 0;
      for (int i = e.first_block; i < e.end_block; ++i) {
        const Block& b = page.blocks[i];
        if (b.link_chars * 2 > b.chars) ++headlines;
      }
      if (headlines >= 3 &&
          headlines * 10 >= (e.end_block - e.first_block) * 3) {
        continue;
      }
      bool take = scores.Final(s, e) >= threshold;
      for (int i = e.first_block; !take && i < e.end_block; ++i) {
        take = clean(page.blocks[i], e) &&
               IsProseBlock(page.blocks[i], e.end_block - e.first_block == 1);
      }
      if (take) chosen.push_back(&e);
    }
  }

  std::unordered_set<std::string> captions(page.captions.begin(),
                                           page.captions.end());
  std::unordered_set<std::string> seen;
  const std::string folded_title = FoldArabic(title);
  for (const Element* c : chosen) {
    for (int i = c->first_block; i < c->end_block; ++i) {
      const Block& b = page.blocks[i];
      if (!clean(b, *c)) continue;
      const std::string_view tag = Name(b.owner);
      if (tag == "h1" || b.in_header) continue;
      const int words = CountWords(b.text);
      if (b.link_chars * 2 > b.chars) continue;
      if (b.link_chars * 4 > b.chars && words < 15) continue;
      if (captions.count(b.text) != 0) continue;
      if (words <= 80 || b.link_chars * 5 > b.chars) {
        const std::string folded = FoldArabic(b.text);
        if ((!folded_title.empty() && folded == folded_title) ||
            IsBoilerplateText(b, folded, words)) {
          continue;
        }
        // The headline run into a short line before or after it (a
        // "فيديو:" label, the section and date) with single <br>s: the
        // page's heading, not its text.
        if (!folded_title.empty() &&
            folded.find(folded_title) != std::string::npos &&
            words - CountWords(title) <= 12) {
          continue;
        }
      }
      // Short lines: a dateline gives the date; others must end a sentence.
      if (words <= 12) {
        if (auto d = DateInLine(b.text)) {
          if (!body.dateline) body.dateline = d;
          continue;
        }
      }
      if (words < 8) {
        const TextStats st = Measure(b.text);
        const bool ends_sentence =
            b.text.ends_with(".") || b.text.ends_with("؟") ||
            b.text.ends_with("!") || b.text.ends_with("?") ||
            b.text.ends_with(":") || b.text.ends_with("»") ||
            b.text.ends_with("\"");
        if (words < 3 || !ends_sentence || st.letters * 2 < st.chars) continue;
      }
      if (!seen.insert(b.text).second) continue;
      if (body.first_order < 0) body.first_order = b.owner_order;
      body.paragraphs.push_back(b.text);
    }
  }
  // A teaser cut from a later paragraph ("...", or just the start of it).
  if (body.paragraphs.size() <= 1000) {
    std::vector<std::string> kept;
    for (size_t i = 0; i < body.paragraphs.size(); ++i) {
      std::string_view p = body.paragraphs[i];
      while (p.ends_with(".") || p.ends_with("…") || p.ends_with(" ")) {
        p.remove_suffix(p.ends_with("…") ? std::string_view("…").size() : 1);
      }
      bool teaser = false;
      for (size_t j = i + 1; j < body.paragraphs.size() && !teaser; ++j) {
        teaser = p.size() >= 40 && body.paragraphs[j].size() > p.size() &&
                 body.paragraphs[j].starts_with(p);
      }
      if (!teaser) kept.push_back(std::move(body.paragraphs[i]));
    }
    body.paragraphs = std::move(kept);
  }
  // A dateline just before the container (under the headline).
  if (!body.dateline) {
    for (int i = chosen.front()->first_block - 1, tries = 0;
         i >= 0 && tries < 8; --i, ++tries) {
      const Block& b = page.blocks[i];
      if (CountWords(b.text) > 14) continue;
      if (auto d = DateInLine(b.text)) {
        body.dateline = d;
        break;
      }
    }
  }
  return body;
}

std::string MetaValue(const Page& page,
                      std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    auto it = page.meta.find(k);
    if (it != page.meta.end() && !it->second.empty()) return it->second;
  }
  return "";
}

bool MostlyArabic(const std::vector<std::string>& paragraphs) {
  int64_t arabic = 0, letters = 0;
  for (const std::string& p : paragraphs) {
    const TextStats st = Measure(p);
    arabic += st.arabic;
    letters += st.letters;
  }
  return letters > 0 && arabic * 2 > letters;
}

std::optional<UnixSeconds> FirstDate(std::initializer_list<std::string> texts) {
  for (const std::string& t : texts) {
    if (t.empty()) continue;
    if (auto d = ParseDateTime(t)) return d;
  }
  return std::nullopt;
}

}  // namespace

Result<HtmlArticle> ExtractHtmlArticle(std::string_view html,
                                       std::string_view url) {
  DocPtr doc = ParseHtml(html);
  if (doc == nullptr) {
    return Status::InvalidArgument("HTML page: nothing to parse");
  }
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) {
    return Status::InvalidArgument("HTML page: no elements");
  }
  Page page;
  Walker(page).Run(root);

  const JsonLd ld = ReadJsonLd(page.json_ld);
  HtmlArticle out;
  out.site_name = MetaValue(page, {"og:site_name"});
  if (out.site_name.empty()) out.site_name = ld.publisher;

  std::string page_title = StripSiteName(page.title, out.site_name);
  Body body = ExtractBody(page, page_title);
  if (body.paragraphs.empty()) {
    return Status::InvalidArgument("HTML page: no article text found");
  }
  out.paragraphs = std::move(body.paragraphs);

  out.title = MetaValue(page, {"og:title", "twitter:title"});
  if (out.title.empty()) out.title = ld.headline;
  if (out.title.empty() && !page.h1s.empty()) {
    // The last h1 before the body, else the first one.
    out.title = page.h1s.front().second;
    for (const auto& [order, text] : page.h1s) {
      if (order <= body.first_order) out.title = text;
    }
  }
  if (out.title.empty()) out.title = page_title;
  out.title = StripSiteName(out.title, out.site_name);

  out.author = ld.author;
  if (out.author.empty()) out.author = MetaValue(page, {"author"});
  if (out.author.empty()) {
    std::string a = MetaValue(page, {"article:author"});
    if (!a.starts_with("http")) out.author = a;
  }
  if (out.author.empty()) out.author = page.byline;

  out.published_at =
      FirstDate({ld.published, MetaValue(page, {"article:published_time"}),
                 MetaValue(page, {"datepublished", "pubdate", "date",
                                  "dc.date.issued", "dc.date"}),
                 page.time_datetime});
  if (!out.published_at) out.published_at = body.dateline;
  out.modified_at = FirstDate(
      {ld.modified, MetaValue(page, {"article:modified_time", "og:updated_time",
                                     "datemodified"})});

  std::string canonical;
  for (const std::string& ref : {page.canonical, MetaValue(page, {"og:url"})}) {
    if (canonical.empty() && !ref.empty()) canonical = ResolveUrl(url, ref);
  }
  if (canonical.empty()) canonical = ResolveUrl("", url);
  out.canonical_url = canonical;

  out.lang = Lower(page.html_lang);
  if (out.lang.empty() && MostlyArabic(out.paragraphs)) out.lang = "ar";

  std::string image = MetaValue(page, {"og:image", "twitter:image"});
  if (image.empty()) image = ld.image;
  out.image_url = ResolveUrl(url, image);
  out.description = MetaValue(page, {"og:description", "description"});
  return out;
}

std::vector<std::string> HtmlFragmentParagraphs(std::string_view html) {
  std::vector<std::string> out;
  DocPtr doc = ParseHtml(html);
  if (doc == nullptr) return out;
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) return out;
  Page page;
  Walker(page).Run(root);
  for (Block& b : page.blocks) {
    if (!b.text.empty()) out.push_back(std::move(b.text));
  }
  return out;
}

std::vector<std::string> DiscoverFeedLinks(std::string_view html,
                                           std::string_view url) {
  std::vector<std::string> out;
  DocPtr doc = ParseHtml(html);
  if (doc == nullptr) return out;
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) return out;
  Page page;
  Walker(page).Run(root);
  for (const std::string& href : page.feeds) {
    std::string resolved = ResolveUrl(url, href);
    if (!resolved.empty() &&
        std::find(out.begin(), out.end(), resolved) == out.end()) {
      out.push_back(std::move(resolved));
    }
  }
  return out;
}

RawArticle ToRawArticle(const HtmlArticle& page) {
  RawArticle raw;
  raw.title = page.title;
  raw.paragraphs = page.paragraphs;
  raw.published_at = page.published_at;
  raw.author = page.author;
  raw.url = page.canonical_url;
  raw.source = page.site_name;
  if (!page.lang.empty()) {
    raw.lang = page.lang.substr(0, page.lang.find_first_of("-_"));
  }
  raw.abstract = page.description;
  return raw;
}

}  // namespace khabar::extract
