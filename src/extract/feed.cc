#include "extract/feed.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <climits>
#include <memory>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "extract/dates.h"
#include "extract/url.h"
#include "text/utf8.h"

namespace khabar::extract {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kAtomNs = "http://www.w3.org/2005/Atom";
constexpr std::string_view kAtom03Ns = "http://purl.org/atom/ns#";
constexpr std::string_view kRdfNs =
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr std::string_view kRss1Ns = "http://purl.org/rss/1.0/";
constexpr std::string_view kRss090Ns = "http://my.netscape.com/rdf/simple/0.9/";
constexpr std::string_view kContentNs =
    "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view kDcNs = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kMediaNs = "http://search.yahoo.com/mrss/";
constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";
constexpr std::string_view kJsonFeedVersionPrefix =
    "https://jsonfeed.org/version/";
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// How much of the input LooksLikeFeed reads.
constexpr std::size_t kSniffBytes = 1024;

// Network off; no DTD loading, no default attributes from the DTD and no
// entity substitution (XML_PARSE_NOENT, XML_PARSE_DTDLOAD, XML_PARSE_DTDATTR
// are deliberately absent), so external entities are never read and
// internal ones stay unexpanded references that the readers below skip.
// XML_PARSE_HUGE is absent too: libxml2 keeps its size, depth and entity
// amplification limits. CDATA sections become ordinary text.
constexpr int kXmlOptions = XML_PARSE_NONET | XML_PARSE_NOCDATA |
                            XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
// The text is UTF-8 already: a <meta charset> inside it must not switch.
constexpr int kHtmlOptions = HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                             HTML_PARSE_NOWARNING | HTML_PARSE_NOIMPLIED |
                             HTML_PARSE_IGNORE_ENC;

// --- libxml2 plumbing --------------------------------------------------------

struct DocDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;

struct ParserCtxtDeleter {
  void operator()(xmlParserCtxt* ctxt) const { xmlFreeParserCtxt(ctxt); }
};
struct HtmlCtxtDeleter {
  void operator()(htmlParserCtxt* ctxt) const { htmlFreeParserCtxt(ctxt); }
};

// libxml2's global state is set up once, before any parse (its manual asks
// for this in threaded programs).
void InitLibXml() {
  static const bool kInitialized = [] {
    xmlInitParser();
    return true;
  }();
  (void)kInitialized;
}

std::string_view Sv(const xmlChar* s) {
  return s == nullptr ? std::string_view()
                      : std::string_view(reinterpret_cast<const char*>(s));
}

std::string_view NsOf(const xmlNode* node) {
  return node->ns == nullptr ? std::string_view() : Sv(node->ns->href);
}

bool IsElement(const xmlNode* node) {
  return node != nullptr && node->type == XML_ELEMENT_NODE;
}

bool Is(const xmlNode* node, std::string_view ns, std::string_view name) {
  return IsElement(node) && Sv(node->name) == name && NsOf(node) == ns;
}

// The first error libxml2 reports while parsing one document.
struct ParseError {
  bool set = false;
  int code = 0;  // xmlParserErrors
  int line = 0;
  std::string message;
};

// libxml2's message on one line, without its final line break.
std::string TrimMessage(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) {
    s.remove_suffix(1);
  }
  std::string out(s);
  for (char& c : out) {
    if (c == '\n') c = ' ';
  }
  return out;
}

// A structured error handler of one parser context: `data` is the context
// (libxml2 passes ctxt->userData, which is the context itself), whose
// _private points at that parse's ParseError.
void RecordXmlError(void* data, xmlErrorPtr error) {
  auto* ctxt = static_cast<xmlParserCtxt*>(data);
  if (ctxt == nullptr || error == nullptr || error->level < XML_ERR_ERROR) {
    return;
  }
  auto* out = static_cast<ParseError*>(ctxt->_private);
  if (out == nullptr || out->set) return;
  out->set = true;
  out->code = error->code;
  out->line = error->line;
  out->message = TrimMessage(error->message ? error->message : "");
}

std::string DescribeError(const ParseError& error) {
  std::string out = "line " + std::to_string(error.line);
  if (!error.message.empty()) out += ": " + error.message;
  if (error.code == XML_ERR_ENTITY_LOOP) {
    // libxml2's name for nested entities past its amplification limit.
    out += " (entity expansion refused)";
  }
  return out;
}

// One parse of `bytes` (see kXmlOptions); the document, or null with
// `*error` set.
DocPtr ReadXml(std::string_view bytes, ParseError* error) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    *error = {true, XML_ERR_NO_MEMORY, 0, "document too large"};
    return nullptr;
  }
  std::unique_ptr<xmlParserCtxt, ParserCtxtDeleter> ctxt(xmlNewParserCtxt());
  if (ctxt == nullptr) {
    *error = {true, XML_ERR_NO_MEMORY, 0, "out of memory"};
    return nullptr;
  }
  ctxt->_private = error;
  ctxt->sax->serror = &RecordXmlError;
  DocPtr doc(xmlCtxtReadMemory(ctxt.get(), bytes.data(),
                               static_cast<int>(bytes.size()), nullptr, nullptr,
                               kXmlOptions));
  if (doc != nullptr && ctxt->wellFormed) return doc;
  if (!error->set) {
    const xmlError* last = xmlCtxtGetLastError(ctxt.get());
    error->set = true;
    if (last != nullptr && last->code != XML_ERR_OK) {
      error->code = last->code;
      error->line = last->line;
      error->message = TrimMessage(last->message ? last->message : "");
    } else {
      error->line = ctxt->input != nullptr ? ctxt->input->line : 0;
      error->message = "not well-formed";
    }
  }
  return nullptr;
}

bool IsEntityNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

// `bytes` with the HTML named entities that XML does not predefine
// ("&nbsp;", "&hellip;", "&eacute;") written as character references, as
// feeds that paste HTML into XML need; nullopt when there is none.
std::optional<std::string> NumericHtmlEntities(std::string_view bytes) {
  constexpr std::size_t kLongestName = 32;
  std::string out;
  bool changed = false;
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::size_t amp = bytes.find('&', i);
    if (amp == std::string_view::npos) break;
    out.append(bytes.substr(i, amp - i));
    i = amp + 1;
    std::size_t end = i;
    while (end < bytes.size() && end - i < kLongestName &&
           IsEntityNameChar(bytes[end])) {
      ++end;
    }
    const std::string name(bytes.substr(i, end - i));
    const bool xml_predefined = name == "amp" || name == "lt" || name == "gt" ||
                                name == "quot" || name == "apos";
    const htmlEntityDesc* entity =
        end > i && end < bytes.size() && bytes[end] == ';' && !xml_predefined
            ? htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()))
            : nullptr;
    if (entity == nullptr) {
      out += '&';
      continue;
    }
    out += "&#" + std::to_string(entity->value) + ";";
    i = end + 1;
    changed = true;
  }
  if (!changed) return std::nullopt;
  out.append(bytes.substr(i));
  return out;
}

// Parses XML safely (see kXmlOptions); InvalidArgument("not well-formed
// XML: line N: <libxml2's first error>") when the document is not
// well-formed. A document refused only for an undeclared entity is read
// again with HTML's named entities as character references.
Result<DocPtr> ParseXml(std::string_view bytes) {
  InitLibXml();
  ParseError error;
  DocPtr doc = ReadXml(bytes, &error);
  if (doc != nullptr) return doc;
  if (error.code == XML_ERR_UNDECLARED_ENTITY) {
    if (std::optional<std::string> fixed = NumericHtmlEntities(bytes)) {
      ParseError again;
      doc = ReadXml(*fixed, &again);
      if (doc != nullptr) return doc;
    }
  }
  return Status::InvalidArgument("not well-formed XML: " +
                                 DescribeError(error));
}

// Visits the descendants of `parent` in document order without recursion.
// `enter(node)` returns whether to go into an element's children;
// `leave(node)` follows every node (after its children). Only elements are
// entered: an entity reference's children belong to the entity declaration,
// so its replacement text is never visited (and never expanded).
template <typename Enter, typename Leave>
void WalkDescendants(xmlNode* parent, Enter enter, Leave leave) {
  xmlNode* node = parent->children;
  while (node != nullptr) {
    if (enter(node) && IsElement(node) && node->children != nullptr) {
      node = node->children;
      continue;
    }
    leave(node);
    while (node->next == nullptr) {
      node = node->parent;
      if (node == nullptr || node == parent) return;
      leave(node);
    }
    node = node->next;
  }
}

// The character data inside `node` (text and CDATA of all descendants),
// with entity references skipped.
std::string NodeText(xmlNode* node) {
  std::string out;
  if (node == nullptr) return out;
  WalkDescendants(
      node,
      [&](xmlNode* n) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
          out += Sv(n->content);
        }
        return true;
      },
      [](xmlNode*) {});
  return out;
}

// The value of the attribute `name` (without a namespace unless `ns` is
// given; names compared exactly unless `any_case`), from its text children
// only: entity references in attribute values are not expanded.
std::string Attr(const xmlNode* node, std::string_view name,
                 std::string_view ns = {}, bool any_case = false) {
  if (!IsElement(node)) return "";
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    const std::string_view a_ns = a->ns ? Sv(a->ns->href) : std::string_view();
    if (a_ns != ns) continue;
    const std::string_view a_name = Sv(a->name);
    bool match = a_name == name;
    if (!match && any_case && a_name.size() == name.size()) {
      match = true;
      for (std::size_t i = 0; i < name.size() && match; ++i) {
        auto lower = [](char c) {
          return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
        };
        match = lower(a_name[i]) == lower(name[i]);
      }
    }
    if (!match) continue;
    std::string out;
    for (const xmlNode* c = a->children; c != nullptr; c = c->next) {
      if (c->type == XML_TEXT_NODE) out += Sv(c->content);
    }
    return out;
  }
  return "";
}

bool HasAttr(const xmlNode* node, std::string_view name) {
  for (const xmlAttr* a = node->properties; a != nullptr; a = a->next) {
    if (a->ns == nullptr && Sv(a->name) == name) return true;
  }
  return false;
}

// --- Text helpers ------------------------------------------------------------

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

bool IsUnicodeSpace(char32_t c) {
  return c == 0x00A0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

// `s` (valid UTF-8) with runs of white space (NBSP included) turned into one
// space and the ends trimmed; other control characters are dropped.
std::string CollapseSpace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < s.size();) {
    const text::DecodedChar d = text::DecodeUtf8(s, i);
    const bool space =
        d.length == 1 ? IsAsciiSpace(s[i]) : IsUnicodeSpace(d.code_point);
    if (space) {
      pending_space = !out.empty();
    } else if (d.length == 1 && static_cast<unsigned char>(s[i]) < 0x20) {
      // A stray control character: dropped.
    } else {
      if (pending_space) out += ' ';
      pending_space = false;
      out.append(s.substr(i, d.length));
    }
    i += d.length;
  }
  return out;
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// Elements that do not break a line of text: their text runs into the
// text around them.
bool IsInlineHtmlElement(std::string_view name) {
  static constexpr std::string_view kInline[] = {
      "a",    "abbr", "b",    "bdi",   "bdo",  "cite",   "code",
      "data", "dfn",  "em",   "font",  "i",    "kbd",    "mark",
      "q",    "s",    "samp", "small", "span", "strike", "strong",
      "sub",  "sup",  "time", "tt",    "u",    "var"};
  for (std::string_view n : kInline) {
    if (StartsWithIgnoreCase(name, n) && name.size() == n.size()) return true;
  }
  return false;
}

bool IsHiddenHtmlElement(std::string_view name) {
  return (StartsWithIgnoreCase(name, "script") && name.size() == 6) ||
         (StartsWithIgnoreCase(name, "style") && name.size() == 5) ||
         (StartsWithIgnoreCase(name, "template") && name.size() == 8);
}

// Plain text of an HTML fragment (valid UTF-8): tags stripped, entities
// decoded, script and style dropped, block boundaries kept as spaces,
// white space collapsed.
std::string HtmlToText(std::string_view html) {
  if (html.find_first_of("<&") == std::string_view::npos) {
    return CollapseSpace(html);
  }
  InitLibXml();
  constexpr std::size_t kWrapperBytes = 16;
  if (html.size() > static_cast<std::size_t>(INT_MAX) - kWrapperBytes) {
    return "";
  }
  std::unique_ptr<htmlParserCtxt, HtmlCtxtDeleter> ctxt(htmlNewParserCtxt());
  if (ctxt == nullptr) return "";
  // The parser drops a document that is only text with no element; a
  // wrapper keeps that text.
  std::string wrapped = "<div>";
  wrapped.append(html);
  wrapped += "</div>";
  DocPtr doc(htmlCtxtReadMemory(ctxt.get(), wrapped.data(),
                                static_cast<int>(wrapped.size()), nullptr,
                                "UTF-8", kHtmlOptions));
  if (doc == nullptr) return "";
  std::string out;
  auto* root = reinterpret_cast<xmlNode*>(doc.get());
  WalkDescendants(
      root,
      [&](xmlNode* n) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
          out += Sv(n->content);
          return false;
        }
        if (!IsElement(n)) return false;
        if (IsHiddenHtmlElement(Sv(n->name))) return false;
        if (!IsInlineHtmlElement(Sv(n->name))) out += ' ';
        return true;
      },
      [&](xmlNode* n) {
        if (IsElement(n) && !IsInlineHtmlElement(Sv(n->name))) out += ' ';
      });
  return CollapseSpace(out);
}

void AppendEscapedHtml(std::string_view s, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '&':
        *out += "&amp;";
        break;
      case '<':
        *out += "&lt;";
        break;
      case '>':
        *out += "&gt;";
        break;
      case '"':
        *out += "&quot;";
        break;
      default:
        *out += c;
    }
  }
}

// Plain text as HTML: one <p> per blank-line-separated paragraph, line
// breaks inside a paragraph as <br>.
std::string TextToHtml(std::string_view text) {
  std::string out;
  std::string paragraph;
  std::size_t blank_run = 0;
  auto flush = [&] {
    std::string_view p = TrimAscii(paragraph);
    if (!p.empty()) {
      out += "<p>";
      out += p;
      out += "</p>";
    }
    paragraph.clear();
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string line = CollapseSpace(text.substr(start, end - start));
    if (line.empty()) {
      ++blank_run;
      if (blank_run == 1) flush();
    } else {
      blank_run = 0;
      if (!paragraph.empty()) paragraph += "<br>";
      AppendEscapedHtml(line, &paragraph);
    }
    start = end + 1;
  }
  flush();
  return out;
}

// Whether a text field carries markup rather than plain text.
bool LooksLikeHtml(std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] != '<') continue;
    const char c = s[i + 1];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' ||
        c == '!') {
      return true;
    }
  }
  return false;
}

// The inner markup of `node`: its children serialized as XML.
std::string SerializeChildren(xmlDoc* doc, xmlNode* node) {
  std::string out;
  xmlBuffer* buffer = xmlBufferCreate();
  if (buffer == nullptr) return out;
  for (xmlNode* c = node->children; c != nullptr; c = c->next) {
    xmlBufferEmpty(buffer);
    if (xmlNodeDump(buffer, doc, c, 0, 0) < 0) continue;
    out += Sv(xmlBufferContent(buffer));
  }
  xmlBufferFree(buffer);
  return out;
}

std::optional<UnixSeconds> ReadDate(std::string_view text) {
  std::string_view s = TrimAscii(text);
  if (s.empty()) return std::nullopt;
  if (auto t = ParseDateTime(s)) return t;
  return ParseArabicDate(s);
}

void AddCategory(std::string value, FeedEntry* entry) {
  if (value.empty()) return;
  for (const std::string& c : entry->categories) {
    if (c == value) return;
  }
  entry->categories.push_back(std::move(value));
}

bool LooksLikeImageUrl(std::string_view url) {
  std::string_view path = url.substr(0, url.find_first_of("?#"));
  for (std::string_view ext : {".jpg", ".jpeg", ".png", ".gif", ".webp"}) {
    if (path.size() >= ext.size()) {
      std::string_view tail = path.substr(path.size() - ext.size());
      if (StartsWithIgnoreCase(tail, ext)) return true;
    }
  }
  return false;
}

// A media:content, enclosure or Atom enclosure link that is an image.
bool IsImageMedia(std::string_view type, std::string_view medium,
                  std::string_view url) {
  if (!medium.empty()) return medium == "image";
  if (!type.empty()) return StartsWithIgnoreCase(type, "image/");
  return LooksLikeImageUrl(url);
}

// `ref` resolved against `base`; "" when `ref` is empty (ResolveUrl would
// give the base itself) or not an http(s) URL.
std::string ResolveLink(std::string_view base, std::string_view ref) {
  if (TrimAscii(ref).empty()) return "";
  return ResolveUrl(base, ref);
}

// The effective xml:base of `node`: base_url, then every xml:base from the
// root down, each resolved against the one above.
std::string XmlBase(xmlNode* node, const std::string& base_url) {
  std::vector<std::string> bases;
  for (xmlNode* n = node; IsElement(n); n = n->parent) {
    std::string b = Attr(n, "base", kXmlNs);
    if (!b.empty()) bases.push_back(std::move(b));
  }
  std::string base = base_url;
  for (auto it = bases.rbegin(); it != bases.rend(); ++it) {
    std::string resolved = ResolveLink(base, *it);
    if (!resolved.empty()) base = std::move(resolved);
  }
  return base;
}

// --- RSS 2.0, 0.9x and 1.0 ---------------------------------------------------

// Reads RSS 0.9x/2.0 and RSS 1.0. `core_ns` is the namespace of RSS's own
// elements: none for RSS 0.9x/2.0 (or the root's default namespace), the
// RSS 1.0 (or 0.90) namespace inside rdf:RDF. Item links are resolved
// against the channel's link, else `base_url`; images against the item's
// link.
struct RssReader {
  std::string_view core_ns;
  std::string base_url;

  bool Core(const xmlNode* n, std::string_view name) const {
    return Is(n, core_ns, name);
  }

  void ReadImage(xmlNode* n, std::string* image_raw) const {
    if (!image_raw->empty()) return;
    if (Is(n, kMediaNs, "content")) {
      const std::string url = Attr(n, "url");
      if (IsImageMedia(Attr(n, "type"), Attr(n, "medium"), url)) {
        *image_raw = url;
      }
    } else if (Is(n, kMediaNs, "thumbnail")) {
      *image_raw = Attr(n, "url");
    } else if (Is(n, kMediaNs, "group")) {
      for (xmlNode* c = n->children; c != nullptr; c = c->next) {
        ReadImage(c, image_raw);
      }
    } else if (Core(n, "enclosure")) {
      const std::string url = Attr(n, "url");
      if (IsImageMedia(Attr(n, "type"), "", url)) *image_raw = url;
    } else if (Core(n, "image")) {
      // Not RSS, but common: <image>URL</image> or <image><url>URL</url>.
      std::string url;
      for (xmlNode* c = n->children; c != nullptr; c = c->next) {
        if (IsElement(c) && Sv(c->name) == "url") url = NodeText(c);
      }
      if (url.empty()) url = NodeText(n);
      *image_raw = std::string(TrimAscii(url));
    }
  }

  FeedEntry ReadItem(xmlNode* item, const std::string& feed_base) const {
    FeedEntry e;
    std::string link_raw, guid, description, image_raw, author, creator;
    bool guid_is_permalink = true;
    for (xmlNode* n = item->children; n != nullptr; n = n->next) {
      if (!IsElement(n)) continue;
      if (Core(n, "title")) {
        if (e.title.empty()) e.title = HtmlToText(NodeText(n));
      } else if (Core(n, "link")) {
        if (link_raw.empty()) link_raw = TrimAscii(NodeText(n));
      } else if (Core(n, "guid")) {
        guid = TrimAscii(NodeText(n));
        guid_is_permalink = TrimAscii(Attr(n, "isPermaLink")) != "false";
      } else if (Core(n, "description")) {
        if (description.empty()) description = NodeText(n);
      } else if (Is(n, kContentNs, "encoded")) {
        if (e.content_html.empty()) {
          e.content_html = std::string(TrimAscii(NodeText(n)));
        }
      } else if (Core(n, "pubDate") || Is(n, kDcNs, "date")) {
        if (!e.published_at) e.published_at = ReadDate(NodeText(n));
      } else if (Is(n, kAtomNs, "updated") || Is(n, kDcNs, "modified")) {
        if (!e.updated_at) e.updated_at = ReadDate(NodeText(n));
      } else if (Core(n, "author")) {
        if (author.empty()) author = HtmlToText(NodeText(n));
      } else if (Is(n, kDcNs, "creator")) {
        if (creator.empty()) creator = HtmlToText(NodeText(n));
      } else if (Core(n, "category") || Is(n, kDcNs, "subject")) {
        AddCategory(HtmlToText(NodeText(n)), &e);
      } else {
        ReadImage(n, &image_raw);
      }
    }
    e.link = ResolveLink(feed_base, link_raw);
    if (e.link.empty() && !guid.empty() && guid_is_permalink) {
      e.link = ResolveLink(feed_base, guid);
    }
    const std::string about(TrimAscii(Attr(item, "about", kRdfNs)));
    e.id = !guid.empty() ? guid : !about.empty() ? about : e.link;
    e.author = !creator.empty() ? creator : author;
    if (!description.empty()) {
      e.summary = HtmlToText(description);
      if (e.content_html.empty()) {
        const std::string_view d = TrimAscii(description);
        e.content_html =
            LooksLikeHtml(d) ? std::string(d) : TextToHtml(description);
      }
    }
    if (!image_raw.empty()) {
      e.image_url = ResolveLink(e.link.empty() ? feed_base : e.link, image_raw);
    }
    return e;
  }

  // Reads the channel's fields and the items inside it (RSS 0.9x/2.0) or
  // beside it (RSS 1.0).
  void ReadChannel(xmlNode* channel, Feed* feed) const {
    std::string link_raw;
    for (xmlNode* n = channel->children; n != nullptr; n = n->next) {
      if (Core(n, "title")) {
        if (feed->title.empty()) feed->title = HtmlToText(NodeText(n));
      } else if (Core(n, "link")) {
        if (link_raw.empty()) link_raw = TrimAscii(NodeText(n));
      } else if (Core(n, "language") || Is(n, kDcNs, "language")) {
        if (feed->language.empty()) {
          feed->language = CollapseSpace(NodeText(n));
        }
      }
    }
    feed->link = ResolveLink(base_url, link_raw);
  }

  void ReadItems(xmlNode* parent, const std::string& feed_base,
                 Feed* feed) const {
    for (xmlNode* n = parent->children; n != nullptr; n = n->next) {
      if (feed->entries.size() >= kMaxFeedEntries) return;
      if (Core(n, "item")) feed->entries.push_back(ReadItem(n, feed_base));
    }
  }

  void Read(xmlNode* root, Feed* feed) const {
    xmlNode* channel = nullptr;
    for (xmlNode* n = root->children; n != nullptr; n = n->next) {
      if (Core(n, "channel")) {
        channel = n;
        break;
      }
    }
    if (channel != nullptr) ReadChannel(channel, feed);
    const std::string feed_base = feed->link.empty() ? base_url : feed->link;
    if (channel != nullptr) ReadItems(channel, feed_base, feed);
    ReadItems(root, feed_base, feed);  // RSS 1.0, and misplaced items
  }
};

// --- Atom --------------------------------------------------------------------

// Reads Atom 1.0 (and 0.3, whose namespace `ns` differs). Links are
// resolved against their element's xml:base, then `base_url`; an entry
// without authors takes the feed's.
struct AtomReader {
  xmlDoc* doc;
  std::string_view ns;
  std::string base_url;

  bool Atom(const xmlNode* n, std::string_view name) const {
    return Is(n, ns, name);
  }

  // A text construct (title, summary, ...) as plain text.
  static std::string PlainText(xmlNode* n) {
    const std::string type(TrimAscii(Attr(n, "type")));
    if (type == "html" || type == "text/html" || Attr(n, "mode") == "escaped") {
      return HtmlToText(NodeText(n));
    }
    return CollapseSpace(NodeText(n));
  }

  // Atom content as HTML (empty for out-of-line or non-text content).
  std::string ContentHtml(xmlNode* n) const {
    if (HasAttr(n, "src")) return "";
    const std::string type(TrimAscii(Attr(n, "type")));
    if (type == "html" || type == "text/html" || Attr(n, "mode") == "escaped") {
      return std::string(TrimAscii(NodeText(n)));
    }
    if (type == "xhtml" || type == "application/xhtml+xml") {
      xmlNode* div = nullptr;
      for (xmlNode* c = n->children; c != nullptr; c = c->next) {
        if (IsElement(c)) {
          div = Sv(c->name) == "div" ? c : nullptr;
          break;
        }
      }
      return std::string(TrimAscii(SerializeChildren(doc, div ? div : n)));
    }
    if (type.empty() || type == "text" || StartsWithIgnoreCase(type, "text/")) {
      return TextToHtml(NodeText(n));
    }
    return "";
  }

  std::string AuthorName(xmlNode* author) const {
    for (xmlNode* c = author->children; c != nullptr; c = c->next) {
      if (Atom(c, "name")) return CollapseSpace(NodeText(c));
    }
    return "";
  }

  // The links of a feed or entry: its page (an alternate link, text/html
  // preferred) and an image enclosure.
  struct Links {
    std::string page;
    bool page_is_html = false;
    std::string image;
  };

  void ReadLink(xmlNode* n, Links* links) const {
    const std::string rel(TrimAscii(Attr(n, "rel")));
    const std::string href(TrimAscii(Attr(n, "href")));
    if (href.empty()) return;
    const std::string type(TrimAscii(Attr(n, "type")));
    if (rel.empty() || rel == "alternate") {
      const bool html = type.empty() || type == "text/html" ||
                        type == "application/xhtml+xml";
      if (links->page.empty() || (html && !links->page_is_html)) {
        std::string url = ResolveLink(XmlBase(n, base_url), href);
        if (!url.empty()) {
          links->page = std::move(url);
          links->page_is_html = html;
        }
      }
    } else if (rel == "enclosure" && links->image.empty() &&
               IsImageMedia(type, "", href)) {
      links->image = ResolveLink(XmlBase(n, base_url), href);
    }
  }

  FeedEntry ReadEntry(xmlNode* entry,
                      const std::vector<std::string>& feed_authors) const {
    FeedEntry e;
    std::vector<std::string> authors;
    Links links;
    std::string image;
    for (xmlNode* n = entry->children; n != nullptr; n = n->next) {
      if (!IsElement(n)) continue;
      if (Atom(n, "id")) {
        if (e.id.empty()) e.id = std::string(TrimAscii(NodeText(n)));
      } else if (Atom(n, "title")) {
        if (e.title.empty()) e.title = PlainText(n);
      } else if (Atom(n, "link")) {
        ReadLink(n, &links);
      } else if (Atom(n, "summary")) {
        if (e.summary.empty()) e.summary = PlainText(n);
      } else if (Atom(n, "content")) {
        if (e.content_html.empty()) e.content_html = ContentHtml(n);
      } else if (Atom(n, "published") || Atom(n, "issued")) {
        if (!e.published_at) e.published_at = ReadDate(NodeText(n));
      } else if (Atom(n, "updated") || Atom(n, "modified")) {
        if (!e.updated_at) e.updated_at = ReadDate(NodeText(n));
      } else if (Atom(n, "author")) {
        std::string name = AuthorName(n);
        if (!name.empty()) authors.push_back(std::move(name));
      } else if (Atom(n, "category")) {
        std::string label = CollapseSpace(Attr(n, "label"));
        AddCategory(label.empty() ? CollapseSpace(Attr(n, "term")) : label, &e);
      } else if (image.empty() &&
                 (Is(n, kMediaNs, "thumbnail") || Is(n, kMediaNs, "content"))) {
        const std::string url = Attr(n, "url");
        if (Is(n, kMediaNs, "thumbnail") ||
            IsImageMedia(Attr(n, "type"), Attr(n, "medium"), url)) {
          image = ResolveLink(XmlBase(n, base_url), url);
        }
      } else if (image.empty() && Is(n, kMediaNs, "group")) {
        for (xmlNode* c = n->children; c != nullptr && image.empty();
             c = c->next) {
          if (Is(c, kMediaNs, "thumbnail")) {
            image = ResolveLink(XmlBase(c, base_url), Attr(c, "url"));
          }
        }
      }
    }
    e.link = links.page;
    if (image.empty()) image = links.image;
    if (e.id.empty()) e.id = e.link;
    const std::vector<std::string>& names =
        authors.empty() ? feed_authors : authors;
    for (const std::string& name : names) {
      if (!e.author.empty()) e.author += ", ";
      e.author += name;
    }
    e.image_url = image;
    return e;
  }

  void Read(xmlNode* root, Feed* feed) const {
    feed->language = CollapseSpace(Attr(root, "lang", kXmlNs));
    std::vector<std::string> feed_authors;
    Links links;
    for (xmlNode* n = root->children; n != nullptr; n = n->next) {
      if (Atom(n, "title")) {
        if (feed->title.empty()) feed->title = PlainText(n);
      } else if (Atom(n, "link")) {
        ReadLink(n, &links);
      } else if (Atom(n, "author")) {
        std::string name = AuthorName(n);
        if (!name.empty()) feed_authors.push_back(std::move(name));
      }
    }
    feed->link = links.page;
    for (xmlNode* n = root->children; n != nullptr; n = n->next) {
      if (feed->entries.size() >= kMaxFeedEntries) return;
      if (Atom(n, "entry")) {
        feed->entries.push_back(ReadEntry(n, feed_authors));
      }
    }
  }
};

// --- JSON Feed ---------------------------------------------------------------

std::string JsonString(const Json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return it->dump();
  return "";
}

std::vector<std::string> JsonAuthors(const Json& object) {
  std::vector<std::string> names;
  auto add = [&](const Json& author) {
    if (!author.is_object()) return;
    std::string name = CollapseSpace(JsonString(author, "name"));
    if (!name.empty()) names.push_back(std::move(name));
  };
  if (auto it = object.find("authors"); it != object.end() && it->is_array()) {
    for (const Json& a : *it) add(a);
  }
  if (names.empty()) {
    if (auto it = object.find("author"); it != object.end()) add(*it);
  }
  return names;
}

FeedEntry ReadJsonItem(const Json& item, const std::string& base,
                       const std::vector<std::string>& feed_authors) {
  FeedEntry e;
  e.link = ResolveLink(base, JsonString(item, "url"));
  if (e.link.empty()) {
    e.link = ResolveLink(base, JsonString(item, "external_url"));
  }
  e.id = std::string(TrimAscii(JsonString(item, "id")));
  if (e.id.empty()) e.id = e.link;
  e.title = HtmlToText(JsonString(item, "title"));
  e.summary = HtmlToText(JsonString(item, "summary"));
  std::string html(TrimAscii(JsonString(item, "content_html")));
  e.content_html =
      !html.empty() ? html : TextToHtml(JsonString(item, "content_text"));
  e.published_at = ReadDate(JsonString(item, "date_published"));
  e.updated_at = ReadDate(JsonString(item, "date_modified"));
  std::vector<std::string> authors = JsonAuthors(item);
  if (authors.empty()) authors = feed_authors;
  for (const std::string& name : authors) {
    if (!e.author.empty()) e.author += ", ";
    e.author += name;
  }
  if (auto it = item.find("tags"); it != item.end() && it->is_array()) {
    for (const Json& tag : *it) {
      if (tag.is_string()) {
        AddCategory(CollapseSpace(tag.get<std::string>()), &e);
      }
    }
  }
  const std::string image_base = e.link.empty() ? base : e.link;
  e.image_url = ResolveLink(image_base, JsonString(item, "image"));
  if (e.image_url.empty()) {
    e.image_url = ResolveLink(image_base, JsonString(item, "banner_image"));
  }
  if (auto it = item.find("attachments");
      e.image_url.empty() && it != item.end() && it->is_array()) {
    for (const Json& a : *it) {
      if (!a.is_object()) continue;
      const std::string url = JsonString(a, "url");
      if (IsImageMedia(JsonString(a, "mime_type"), "", url)) {
        e.image_url = ResolveLink(image_base, url);
        if (!e.image_url.empty()) break;
      }
    }
  }
  return e;
}

Result<Feed> ParseJsonFeed(std::string_view bytes, std::string_view base_url) {
  if (Status valid = text::ValidateUtf8(bytes); !valid.ok()) {
    return valid.WithContext("feed");
  }
  Json root = Json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    return Status::InvalidArgument("not a feed: JSON that does not parse");
  }
  if (!root.is_object() ||
      !JsonString(root, "version").starts_with(kJsonFeedVersionPrefix)) {
    return Status::InvalidArgument(
        "not a feed: JSON without a jsonfeed.org version");
  }
  Feed feed;
  feed.format = FeedFormat::kJsonFeed;
  const std::string base(base_url);
  feed.title = HtmlToText(JsonString(root, "title"));
  feed.link = ResolveLink(base, JsonString(root, "home_page_url"));
  feed.language = CollapseSpace(JsonString(root, "language"));
  const std::string item_base = feed.link.empty() ? base : feed.link;
  const std::vector<std::string> feed_authors = JsonAuthors(root);
  if (auto it = root.find("items"); it != root.end() && it->is_array()) {
    for (const Json& item : *it) {
      if (feed.entries.size() >= kMaxFeedEntries) break;
      if (item.is_object()) {
        feed.entries.push_back(ReadJsonItem(item, item_base, feed_authors));
      }
    }
  }
  return feed;
}

// --- Sniffing ----------------------------------------------------------------

// `s` after a BOM, white space, the XML declaration, processing
// instructions, comments and a doctype; "" when one of those is unclosed.
std::string_view SkipProlog(std::string_view s) {
  if (s.starts_with(kUtf8Bom)) s.remove_prefix(kUtf8Bom.size());
  while (true) {
    s = TrimAscii(s);
    std::size_t end = std::string_view::npos;
    if (s.starts_with("<?")) {
      end = s.find("?>");
      if (end != std::string_view::npos) end += 2;
    } else if (s.starts_with("<!--")) {
      end = s.find("-->", 4);
      if (end != std::string_view::npos) end += 3;
    } else if (s.starts_with("<!")) {
      const std::size_t bracket = s.find('[');
      const std::size_t close = s.find('>');
      if (bracket != std::string_view::npos && bracket < close) {
        end = s.find("]", bracket);
        if (end != std::string_view::npos) end = s.find('>', end);
      } else {
        end = close;
      }
      if (end != std::string_view::npos) end += 1;
    } else {
      return s;
    }
    if (end == std::string_view::npos) return {};
    s.remove_prefix(end);
  }
}

bool IsJsonFeedHead(std::string_view s) {
  return s.starts_with('{') &&
         (s.find("jsonfeed.org/version/") != std::string_view::npos ||
          s.find("jsonfeed.org\\/version\\/") != std::string_view::npos);
}

}  // namespace

const char* FeedFormatName(FeedFormat format) {
  switch (format) {
    case FeedFormat::kRss2:
      return "rss2";
    case FeedFormat::kRss1:
      return "rss1";
    case FeedFormat::kAtom:
      return "atom";
    case FeedFormat::kJsonFeed:
      return "json";
  }
  return "unknown";
}

bool LooksLikeFeed(std::string_view bytes) {
  std::string_view s = SkipProlog(bytes.substr(0, kSniffBytes));
  if (IsJsonFeedHead(s)) return true;
  if (!s.starts_with('<')) return false;
  s.remove_prefix(1);
  const std::size_t end = s.find_first_of(" \t\r\n>/");
  if (end == std::string_view::npos) return false;
  std::string_view name = s.substr(0, end);
  if (name == "rss") return true;
  const std::size_t colon = name.find(':');
  const std::string_view local =
      colon == std::string_view::npos ? name : name.substr(colon + 1);
  return local == "RDF" || local == "feed";
}

Result<Feed> ParseFeed(std::string_view bytes, std::string_view base_url) {
  std::string_view head = bytes;
  if (head.starts_with(kUtf8Bom)) head.remove_prefix(kUtf8Bom.size());
  head = TrimAscii(head.substr(0, std::min(head.size(), kSniffBytes)));
  if (head.starts_with('{')) {
    if (bytes.starts_with(kUtf8Bom)) bytes.remove_prefix(kUtf8Bom.size());
    return ParseJsonFeed(bytes, base_url);
  }
  if (TrimAscii(bytes).empty()) {
    return Status::InvalidArgument("not a feed: empty document");
  }
  Result<DocPtr> parsed = ParseXml(bytes);
  if (!parsed.ok()) {
    return parsed.status().WithContext(LooksLikeFeed(bytes) ? "feed"
                                                            : "not a feed");
  }
  DocPtr doc = std::move(parsed).value();
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) return Status::InvalidArgument("not a feed: no root");
  Feed feed;
  const std::string base(TrimAscii(base_url));
  const std::string_view root_name = Sv(root->name);
  const std::string_view root_ns = NsOf(root);
  if (root_name == "rss") {
    // Old UserLand feeds put RSS 2.0 in a default namespace of their own.
    feed.format = FeedFormat::kRss2;
    RssReader{root_ns, base}.Read(root, &feed);
  } else if (root_name == "RDF" && root_ns == kRdfNs) {
    feed.format = FeedFormat::kRss1;
    std::string_view core = kRss1Ns;
    for (xmlNode* n = root->children; n != nullptr; n = n->next) {
      if (IsElement(n) && (Sv(n->name) == "channel" || Sv(n->name) == "item")) {
        if (NsOf(n) == kRss090Ns) core = kRss090Ns;
        break;
      }
    }
    RssReader{core, base}.Read(root, &feed);
  } else if (root_name == "feed" &&
             (root_ns == kAtomNs || root_ns == kAtom03Ns)) {
    feed.format = FeedFormat::kAtom;
    AtomReader{doc.get(), root_ns, base}.Read(root, &feed);
  } else {
    return Status::InvalidArgument("not a feed: the root element is <" +
                                   std::string(root_name) + ">");
  }
  return feed;
}

Result<std::vector<OpmlOutline>> ParseOpml(std::string_view bytes) {
  Result<DocPtr> parsed = ParseXml(bytes);
  if (!parsed.ok()) return parsed.status().WithContext("OPML");
  DocPtr doc = std::move(parsed).value();
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr || Sv(root->name) != "opml") {
    return Status::InvalidArgument("not an OPML document");
  }
  std::vector<OpmlOutline> outlines;
  WalkDescendants(
      root,
      [&](xmlNode* n) {
        if (!IsElement(n)) return false;
        if (Sv(n->name) != "outline") return Sv(n->name) == "body";
        std::string xml_url(TrimAscii(Attr(n, "xmlUrl", {}, true)));
        if (!xml_url.empty()) {
          OpmlOutline o;
          o.title = CollapseSpace(Attr(n, "title"));
          if (o.title.empty()) o.title = CollapseSpace(Attr(n, "text"));
          o.xml_url = std::move(xml_url);
          o.html_url = std::string(TrimAscii(Attr(n, "htmlUrl", {}, true)));
          outlines.push_back(std::move(o));
        }
        return true;
      },
      [](xmlNode*) {});
  return outlines;
}

namespace {

// `s` as XML attribute or element text: markup characters and line breaks
// escaped, characters XML 1.0 forbids dropped, ill-formed UTF-8 replaced.
std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const text::DecodedChar d = text::DecodeUtf8(s, i);
    const char32_t c = d.code_point;
    if (c == text::kReplacementChar && d.length == 1) {
      out += "\xEF\xBF\xBD";
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '"') {
      out += "&quot;";
    } else if (c == '\n') {
      out += "&#10;";
    } else if (c == '\r') {
      out += "&#13;";
    } else if (c == '\t') {
      out += "&#9;";
    } else if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
      // Not allowed in XML 1.0: dropped.
    } else {
      out.append(s.substr(i, d.length));
    }
    i += d.length;
  }
  return out;
}

}  // namespace

std::string WriteOpml(std::string_view title,
                      const std::vector<OpmlOutline>& outlines) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<opml version=\"2.0\">\n"
      "  <head>\n"
      "    <title>";
  out += XmlEscape(title);
  out +=
      "</title>\n"
      "  </head>\n"
      "  <body>\n";
  for (const OpmlOutline& o : outlines) {
    const std::string name = XmlEscape(o.title);
    out += "    <outline type=\"rss\" text=\"" + name + "\" title=\"" + name +
           "\" xmlUrl=\"" + XmlEscape(o.xml_url) + "\"";
    if (!o.html_url.empty()) {
      out += " htmlUrl=\"" + XmlEscape(o.html_url) + "\"";
    }
    out += "/>\n";
  }
  out +=
      "  </body>\n"
      "</opml>\n";
  return out;
}

}  // namespace khabar::extract
