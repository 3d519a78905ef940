// Building blocks of render.cc shared with render_account.cc: mstch nodes
// of cards and pagers, template rendering and the page layout. Not part of
// the web layer's interface.
#ifndef KHABAR_WEB_RENDER_INTERNAL_H_
#define KHABAR_WEB_RENDER_INTERNAL_H_

#include <mstch/mstch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "web/render.h"

namespace khabar::web::detail {

mstch::node DateNode(const service::DateLabel& date);
mstch::map CardNode(const service::Card& card, const PageMeta& meta);
mstch::array Cards(const std::vector<service::Card>& cards,
                   const PageMeta& meta);
mstch::node PagerNode(const service::Listing& listing,
                      std::string_view base_path);
// A template with the shared partials (card, quote, pager, save).
std::string Render(const std::string& name, const mstch::map& context);
// `body` inside the site's layout.
std::string Layout(const std::string& body, const PageMeta& meta);
std::string TotalLabel(int64_t total);

}  // namespace khabar::web::detail

#endif  // KHABAR_WEB_RENDER_INTERNAL_H_
