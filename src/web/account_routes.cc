// The reader's routes (site.h states the rules they keep):
//
//   /signup /login /logout /verify?t= /reset[?t=]
//   /account, and POST /account/{name,password,email,logout-all,tokens,
//     tokens/revoke,feed-token,delete,resend}; /account/email?t=;
//     /account/export
//   /saved[?q=]  POST /saved    /following  POST /follow    /for-you
//   /feeds/{token}/saved  /feeds/{token}/for-you   private feeds
//   /newsletters, POST /newsletters/subscribe, /newsletters/confirm?s=&t=,
//     /newsletters/unsubscribe?s=&t= (GET asks, POST does: RFC 8058),
//     /newsletters/preview/{id}
//   /api/v1/me, /api/v1/me/saved[/{id}], /api/v1/me/follows,
//     /api/v1/me/for-you   (Authorization: Bearer <token>, or the session
//     cookie plus an X-CSRF-Token header for writes)
//   and every page of routes.cc when the reader is signed in.
#include <nlohmann/json.hpp>

#include "service/secrets.h"
#include "service/sources.h"
#include "web/html.h"
#include "web/render.h"
#include "web/route_util.h"
#include "web/site.h"

namespace khabar::web {
namespace {

constexpr std::string_view kSessionCookie = "khabar_session";
constexpr std::string_view kCsrfCookie = "khabar_csrf";
constexpr int kFeedItems = 30;

// The value of cookie `name` ("" when absent): the first Cookie header
// that has it.
std::string Cookie(const Request& request, std::string_view name) {
  for (const auto& [k, v] : request.headers) {
    if (k != "cookie") continue;
    if (std::optional<std::string_view> value = CookieValue(v, name)) {
      return std::string(*value);
    }
  }
  return {};
}

// A local path to go back to after a form: "/..." but not "//host" or
// "/\host" (open redirects), nothing with control characters.
std::string SafeReturn(std::string_view target, std::string_view fallback) {
  if (target.empty() || target.size() > 1000 || !target.starts_with("/") ||
      target.starts_with("//") || target.starts_with("/\\")) {
    return std::string(fallback);
  }
  for (char c : target) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return std::string(fallback);
    }
  }
  return std::string(target);
}

Response Redirect(std::string location) {
  Response r;
  r.status = 303;
  r.route = "redirect";
  r.headers.emplace_back("Location", std::move(location));
  return r;
}

Response Private(std::string html, std::string route, int status = 200) {
  Response r;
  r.status = status;
  r.body = std::move(html);
  r.route = std::move(route);
  return r;
}

std::string DisplayDate(UnixSeconds t) { return service::MakeDateLabel(t).gregorian; }
// "2026-11-26 10:42 UTC": operators need the time, and UTC says which.
std::string DisplayDateTime(UnixSeconds t) {
  std::string iso = FormatIso8601(t);  // 2026-11-26T10:42:07Z
  if (iso.size() >= 16) iso = iso.substr(0, 10) + " " + iso.substr(11, 5);
  return iso + " UTC";
}

// Everything one reader request needs, passed to the route functions.
struct Ctx {
  Site::Params form;  // query parameters, then the body's
  const Request& request;
  std::string_view path;
  const std::string& base_url;
  service::Accounts& accounts;
  service::Personal& personal;
  service::Newsletters& newsletters;
  service::Library& library;
  std::optional<service::Reader> reader = std::nullopt;
  bool by_token = false;
  Viewer viewer = {};
  PageMeta meta = {};
  std::function<UnixSeconds()> now = NowUnixSeconds;
  bool secure = false;
  std::vector<std::string> set_cookies = {};

  std::string_view Get(std::string_view name) const { return Param(form, name); }
  bool WantsJson() const {
    return request.Header("accept").find("application/json") !=
           std::string_view::npos;
  }
  store::UserId user() const { return reader->user.id; }

  std::string CookieLine(std::string_view name, std::string_view value,
                         int64_t max_age) const {
    std::string line(name);
    line += '=';
    line += value;
    line += "; Path=/; HttpOnly; SameSite=Lax";
    if (max_age >= 0) line += "; Max-Age=" + std::to_string(max_age);
    if (secure) line += "; Secure";
    return line;
  }
  // The CSRF token of an anonymous form: the khabar_csrf cookie's, made
  // (and set) on first need.
  std::string AnonymousCsrf() {
    std::string token = Cookie(request, kCsrfCookie);
    if (token.size() != 43) {
      token = service::RandomToken();
      set_cookies.push_back(CookieLine(kCsrfCookie, token, -1));
    }
    return token;
  }
  PageMeta Meta(std::string title) const {
    PageMeta m = meta;
    m.title = std::move(title);
    return m;
  }
  Response Message(std::string_view heading, std::string_view text,
                   std::string_view link = {}, std::string_view link_text = {},
                   int status = 200) const {
    return Private(RenderMessage(heading, text, link, link_text,
                                 Meta(std::string(heading))),
                   std::string(path), status);
  }
  Response Error(int status) const {
    return Private(RenderError(status, meta), std::string(path), status);
  }
  Response NeedLogin() const {
    if (request.method == "GET" || request.method == "HEAD") {
      return Redirect("/login?next=" + UrlEncode(SafeReturn(request.target, "/")));
    }
    return Redirect("/login");
  }
};

// --- Operators: the sources page. ------------------------------------------

Response AdminSourcesRoute(Ctx& c) {
  if (!c.reader) return c.NeedLogin();
  Result<bool> is_operator = c.library.readers().IsOperator(c.user());
  if (!is_operator.ok()) return c.Error(500);
  if (!*is_operator) return c.Error(403);
  if (c.path != "/admin/sources") return c.Error(404);
  service::Sources sources(c.library.sources());
  std::string notice, error;
  if (c.request.method == "POST") {
    const std::string_view action = c.Get("action");
    Status done;
    if (action == "add") {
      Result<store::Source> added = sources.Add(c.Get("location"), c.now());
      done = added.status();
      if (!added.ok() && added.status().code() == StatusCode::kInvalidArgument) {
        // The web form takes URLs only: folders are the CLI's (they name
        // paths on the server).
        done = Status::InvalidArgument("أدخل رابط http أو https صحيحًا");
      }
      if (added.ok() && added->kind == "folder") {
        (void)sources.Remove(added->id);
        done = Status::InvalidArgument("المجلدات تضاف من سطر الأوامر فقط");
      }
      if (done.ok()) notice = "أضيف المصدر، وسيُجلب خلال ثوانٍ.";
    } else {
      const std::optional<int64_t> id = ParseId(c.Get("id"));
      if (!id) return c.Error(400);
      if (action == "pause") {
        done = sources.Pause(*id);
        notice = "أوقف المصدر.";
      } else if (action == "resume") {
        done = sources.Resume(*id, c.now());
        notice = "استؤنف المصدر.";
      } else if (action == "poll") {
        done = sources.PollSoon(*id, c.now());
        notice = "سيُجلب المصدر خلال ثوانٍ.";
      } else {
        return c.Error(400);
      }
      if (done.code() == StatusCode::kNotFound) return c.Error(404);
    }
    if (!done.ok()) {
      if (!done.IsCallerError()) return c.Error(500);
      notice.clear();
      error = done.code() == StatusCode::kAlreadyExists
                  ? "هذا المصدر متابَع من قبل."
                  : done.message();
    } else if (!c.WantsJson()) {
      // Post/redirect/get: a reload does not repeat the action.
      return Redirect("/admin/sources?done=" + std::string(action));
    }
  }
  if (c.Get("done") == "add") notice = "أضيف المصدر، وسيُجلب خلال ثوانٍ.";
  if (c.Get("done") == "poll") notice = "سيُجلب المصدر خلال ثوانٍ.";
  if (c.Get("done") == "pause") notice = "أوقف المصدر.";
  if (c.Get("done") == "resume") notice = "استؤنف المصدر.";
  Result<std::vector<service::SourceView>> views = sources.List(c.now());
  if (!views.ok()) return c.Error(500);
  std::vector<AdminSourceRow> rows;
  for (service::SourceView& view : *views) {
    AdminSourceRow row;
    const store::Source& s = view.source;
    if (s.last_fetch) row.last_fetch = DisplayDateTime(*s.last_fetch);
    if (s.last_success) row.last_success = DisplayDateTime(*s.last_success);
    row.next_fetch = s.state == "active" ? DisplayDateTime(s.next_fetch)
                                         : std::string("—");
    row.view = std::move(view);
    rows.push_back(std::move(row));
  }
  const int status = error.empty() ? 200 : 400;
  return Private(RenderAdminSources(rows, notice, error, c.Meta("المصادر")),
                 "/admin/sources", status);
}

// --- Sign-up, log-in, reset. --------------------------------------------

Response SignupRoute(Ctx& c) {
  if (c.reader) return Redirect("/for-you");
  FormState form;
  form.csrf = c.AnonymousCsrf();
  if (c.request.method == "GET") {
    return Private(RenderSignup(form, c.Meta("أنشئ حسابًا")), "/signup");
  }
  form.email = std::string(c.Get("email"));
  form.name = std::string(c.Get("name"));
  const Status s = c.accounts.SignUp(c.Get("email"), c.Get("password"),
                                     c.Get("name"), c.request.remote);
  if (s.ok()) {
    return c.Message("تحقَّق من بريدك",
                     "أرسلنا رسالة إلى " + form.email +
                         " فيها رابط تفعيل حسابك. افتحه لتكمل التسجيل.",
                     "/login", "تسجيل الدخول");
  }
  int status = 400;
  if (s.code() == StatusCode::kResourceExhausted) {
    form.error = "محاولات كثيرة من هذا العنوان. انتظر قليلًا ثم أعد المحاولة.";
    status = 429;
  } else if (s.code() == StatusCode::kInvalidArgument) {
    form.error = "تحقَّق من عنوان البريد، واختر كلمة مرور من 8 أحرف على الأقل.";
  } else {
    return c.Error(500);
  }
  return Private(RenderSignup(form, c.Meta("أنشئ حسابًا")), "/signup", status);
}

Response LoginRoute(Ctx& c) {
  FormState form;
  form.next = SafeReturn(c.Get("next"), "");
  if (c.request.method == "GET") {
    if (c.reader) return Redirect(form.next.empty() ? "/for-you" : form.next);
    form.csrf = c.AnonymousCsrf();
    return Private(RenderLogin(form, c.Meta("تسجيل الدخول")), "/login");
  }
  const std::string previous = Cookie(c.request, kSessionCookie);
  Result<service::NewSession> session = c.accounts.LogIn(
      c.Get("email"), c.Get("password"), c.request.remote, previous);
  if (session.ok()) {
    c.set_cookies.push_back(c.CookieLine(kSessionCookie, session->token,
                                         c.accounts.options().session_seconds));
    return Redirect(form.next.empty() ? "/for-you" : form.next);
  }
  form.csrf = c.reader ? c.reader->csrf : c.AnonymousCsrf();
  form.email = std::string(c.Get("email"));
  int status = 401;
  if (session.status().code() == StatusCode::kResourceExhausted) {
    form.error = "محاولات دخول كثيرة. انتظر بضع دقائق ثم أعد المحاولة.";
    status = 429;
  } else if (session.status().IsCallerError()) {
    form.error = "البريد الإلكتروني أو كلمة المرور غير صحيحة.";
  } else {
    return c.Error(500);
  }
  return Private(RenderLogin(form, c.Meta("تسجيل الدخول")), "/login", status);
}

Response LogoutRoute(Ctx& c) {
  if (c.request.method != "POST") return c.Error(405);
  const std::string token = Cookie(c.request, kSessionCookie);
  if (!token.empty()) (void)c.accounts.LogOut(token);
  c.set_cookies.push_back(c.CookieLine(kSessionCookie, "", 0));
  return Redirect("/");
}

Response VerifyRoute(Ctx& c) {
  Result<store::User> user = c.accounts.VerifyEmail(c.Get("t"));
  if (!user.ok()) {
    if (!user.status().IsCallerError()) return c.Error(500);
    return c.Message("الرابط غير صالح",
                     "انتهت صلاحية رابط التأكيد أو استُعمل من قبل. اطلب رابطًا "
                     "جديدًا من صفحة حسابك.",
                     "/account", "حسابك", 400);
  }
  return c.Message("تم تأكيد بريدك", "صار حسابك جاهزًا. اشترك في النشرات التي تريدها.",
                   "/newsletters", "النشرات البريدية");
}

Response ResetRoute(Ctx& c) {
  FormState form;
  form.token = std::string(c.Get("t"));
  form.csrf = c.reader ? c.reader->csrf : c.AnonymousCsrf();
  if (c.request.method == "GET") {
    return Private(RenderReset(form, c.Meta("كلمة المرور")), "/reset");
  }
  if (!form.token.empty()) {
    const Status s = c.accounts.ResetPassword(form.token, c.Get("password"));
    if (s.ok()) {
      c.set_cookies.push_back(c.CookieLine(kSessionCookie, "", 0));
      return c.Message("تم تعيين كلمة المرور",
                       "سجّلنا خروجك من كل الأجهزة. ادخل بكلمة المرور الجديدة.",
                       "/login", "تسجيل الدخول");
    }
    if (s.code() == StatusCode::kInvalidArgument) {
      form.error = "اختر كلمة مرور من 8 أحرف على الأقل.";
      return Private(RenderReset(form, c.Meta("كلمة المرور")), "/reset", 400);
    }
    if (!s.IsCallerError()) return c.Error(500);
    return c.Message("الرابط غير صالح",
                     "انتهت صلاحية رابط إعادة التعيين أو استُعمل من قبل.",
                     "/reset", "اطلب رابطًا جديدًا", 400);
  }
  form.email = std::string(c.Get("email"));
  const Status s = c.accounts.RequestPasswordReset(form.email, c.request.remote);
  if (s.code() == StatusCode::kResourceExhausted) {
    form.error = "طلبات كثيرة. انتظر قليلًا ثم أعد المحاولة.";
    return Private(RenderReset(form, c.Meta("كلمة المرور")), "/reset", 429);
  }
  if (s.code() == StatusCode::kInvalidArgument) {
    form.error = "هذا لا يبدو عنوان بريد صحيحًا.";
    return Private(RenderReset(form, c.Meta("كلمة المرور")), "/reset", 400);
  }
  if (!s.ok()) return c.Error(500);
  return c.Message("تحقَّق من بريدك",
                   "إن كان لهذا العنوان حساب في خبر فقد أرسلنا إليه رابطًا "
                   "لتعيين كلمة مرور جديدة.",
                   "/login", "تسجيل الدخول");
}

// --- The account page. ---------------------------------------------------

std::string_view DoneNotice(std::string_view done) {
  if (done == "name") return "حُفظ الاسم.";
  if (done == "password") return "تغيّرت كلمة المرور، وخرجت من الأجهزة الأخرى.";
  if (done == "email") return "أرسلنا رابط تأكيد إلى العنوان الجديد.";
  if (done == "sessions") return "خرجت من كل الأجهزة الأخرى.";
  if (done == "revoked") return "أُبطل المفتاح.";
  if (done == "feeds") return "أُبطلت روابط الخلاصات القديمة.";
  if (done == "resent") return "أرسلنا رسالة تأكيد جديدة.";
  if (done == "verified") return "تأكّد عنوان بريدك الجديد.";
  return {};
}

Response AccountPageOf(Ctx& c, std::string new_token, std::string error,
                       int status = 200) {
  AccountPage page;
  page.form.csrf = c.reader->csrf;
  page.form.notice = std::string(DoneNotice(c.Get("done")));
  page.form.error = std::move(error);
  const store::User& u = c.reader->user;
  page.email = u.email;
  page.display_name = u.display_name;
  page.verified = u.verified_at.has_value();
  page.created = DisplayDate(u.created_at);
  Result<std::vector<store::ApiToken>> tokens =
      c.library.readers().ApiTokens(u.id);
  if (!tokens.ok()) return c.Error(500);
  for (const store::ApiToken& t : *tokens) {
    page.tokens.push_back({t.id, t.name, DisplayDate(t.created_at),
                           t.last_used ? DisplayDate(*t.last_used) : ""});
  }
  page.new_token = std::move(new_token);
  Result<std::string> feed = c.accounts.FeedToken(u.id);
  if (!feed.ok()) return c.Error(500);
  page.for_you_feed_url = c.base_url + "/feeds/" + *feed + "/for-you";
  page.saved_feed_url = c.base_url + "/feeds/" + *feed + "/saved";
  return Private(RenderAccount(page, c.Meta("حسابك")), "/account", status);
}

Response AccountRoute(Ctx& c) {
  if (c.path == "/account/email" && c.request.method == "GET") {
    Result<store::User> user = c.accounts.ConfirmEmailChange(c.Get("t"));
    if (!user.ok()) {
      if (!user.status().IsCallerError()) return c.Error(500);
      return c.Message("الرابط غير صالح",
                       "انتهت صلاحية رابط تأكيد العنوان أو استُعمل من قبل.",
                       "/account", "حسابك", 400);
    }
    return c.Message("تأكّد عنوانك الجديد", "صار بريدك في خبر: " + user->email,
                     "/account", "حسابك");
  }
  if (!c.reader) return c.NeedLogin();
  const service::Reader& reader = *c.reader;
  if (c.path == "/account" && c.request.method == "GET") {
    return AccountPageOf(c, "", "");
  }
  if (c.path == "/account/export" && c.request.method == "GET") {
    Result<std::string> data = c.accounts.ExportData(c.user());
    if (!data.ok()) return c.Error(500);
    Response r;
    r.route = "/account/export";
    r.content_type = "application/json";
    r.body = std::move(*data);
    r.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"khabar-account.json\"");
    return r;
  }
  if (c.request.method != "POST") return c.Error(405);

  auto done = [&](const Status& s, std::string_view what,
                  std::string_view wrong_password) -> Response {
    if (s.ok()) return Redirect("/account?done=" + std::string(what));
    if (s.code() == StatusCode::kUnauthenticated) {
      return AccountPageOf(c, "", std::string(wrong_password), 400);
    }
    if (s.code() == StatusCode::kInvalidArgument ||
        s.code() == StatusCode::kAlreadyExists) {
      return AccountPageOf(c, "", "تحقَّق مما أدخلت: البريد صحيح وكلمة المرور 8 أحرف على الأقل.", 400);
    }
    if (s.code() == StatusCode::kResourceExhausted) return c.Error(429);
    if (s.code() == StatusCode::kNotFound) return c.Error(404);
    return c.Error(500);
  };
  constexpr std::string_view kWrong = "كلمة المرور غير صحيحة.";
  if (c.path == "/account/name") {
    return done(c.accounts.SetDisplayName(reader, c.Get("name")), "name", kWrong);
  }
  if (c.path == "/account/password") {
    return done(c.accounts.ChangePassword(reader, c.Get("current"), c.Get("password")),
                "password", "كلمة المرور الحالية غير صحيحة.");
  }
  if (c.path == "/account/email") {
    return done(c.accounts.RequestEmailChange(reader, c.Get("password"), c.Get("email")),
                "email", kWrong);
  }
  if (c.path == "/account/logout-all") {
    return done(c.accounts.LogOutEverywhere(c.user(), reader.session_hash),
                "sessions", kWrong);
  }
  if (c.path == "/account/resend") {
    return done(c.accounts.ResendVerification(c.user()), "resent", kWrong);
  }
  if (c.path == "/account/feed-token") {
    return done(c.accounts.RotateFeedToken(c.user()), "feeds", kWrong);
  }
  if (c.path == "/account/tokens") {
    Result<std::string> token = c.accounts.CreateApiToken(c.user(), c.Get("name"));
    if (!token.ok()) return done(token.status(), "", kWrong);
    return AccountPageOf(c, *token, "");
  }
  if (c.path == "/account/tokens/revoke") {
    const std::optional<int64_t> id = ParseId(c.Get("id"));
    if (!id) return c.Error(400);
    return done(c.accounts.RevokeApiToken(c.user(), *id), "revoked", kWrong);
  }
  if (c.path == "/account/delete") {
    const Status s = c.accounts.DeleteAccount(reader, c.Get("password"));
    if (!s.ok()) return done(s, "", kWrong);
    c.set_cookies.push_back(c.CookieLine(kSessionCookie, "", 0));
    c.meta.viewer = nullptr;
    return c.Message("حُذف حسابك", "حذفنا حسابك وكل ما حفظناه عنك.", "/",
                     "الصفحة الرئيسية");
  }
  return c.Error(404);
}

// --- Saved, follows, "For you", private feeds. -------------------------

Response SavedRoute(Ctx& c) {
  if (!c.reader) return c.NeedLogin();
  if (c.request.method == "POST") {
    const std::optional<int64_t> id = ParseId(c.Get("article"));
    if (!id) return c.Error(400);
    const bool save = c.Get("action") != "unsave";
    const Status s = save ? c.personal.Save(c.user(), *id, c.now())
                          : c.personal.Unsave(c.user(), *id);
    if (!s.ok()) return c.Error(s.code() == StatusCode::kNotFound ? 404 : 500);
    if (c.WantsJson()) {
      Response r = Json({{"article", *id}, {"saved", save}}, "/saved");
      return r;
    }
    return Redirect(SafeReturn(c.Get("return"), "/saved"));
  }
  const std::optional<int> page = IntParam(c.form, "page", 1, service::NewsDesk::kMaxPage);
  if (!page) return c.Error(400);
  Result<std::string> feed = c.accounts.FeedToken(c.user());
  if (!feed.ok()) return c.Error(500);
  const std::string feed_url = c.base_url + "/feeds/" + *feed + "/saved";
  const std::string query(c.Get("q"));
  if (query.find_first_not_of(' ') != std::string::npos) {
    Result<service::SearchView> found =
        c.personal.SearchSaved(c.user(), query, *page);
    if (!found.ok()) {
      if (found.status().code() != StatusCode::kInvalidArgument) return c.Error(500);
      return c.Error(400);
    }
    return Private(RenderSaved(&*found, nullptr, query, feed_url,
                               "/saved?q=" + UrlEncode(query), c.Meta("المحفوظات")),
                   "/saved");
  }
  Result<service::Listing> listing = c.personal.Saved(c.user(), *page);
  if (!listing.ok()) return c.Error(500);
  return Private(RenderSaved(nullptr, &*listing, "", feed_url, "/saved",
                             c.Meta("المحفوظات")),
                 "/saved");
}

Response FollowRoute(Ctx& c) {
  if (!c.reader) return c.NeedLogin();
  if (c.request.method != "POST") return c.Error(405);
  const std::string_view kind = c.Get("kind");
  const std::string_view target = c.Get("target");
  const std::string_view action = c.Get("action");
  Status s;
  if (action == "follow") {
    s = c.personal.Follow(c.user(), kind, target, c.now()).status();
  } else if (action == "mute") {
    s = c.personal.Mute(c.user(), kind, target, c.now()).status();
  } else if (action == "unfollow" || action == "unmute") {
    s = c.personal.Unfollow(c.user(), kind, target);
  } else {
    return c.Error(400);
  }
  if (!s.ok()) {
    if (s.code() == StatusCode::kNotFound) return c.Error(404);
    return c.Error(s.IsCallerError() ? 400 : 500);
  }
  if (c.WantsJson()) {
    Result<service::FollowState> state = c.personal.StateOf(c.user(), kind, target);
    if (!state.ok()) return c.Error(500);
    return Json({{"kind", kind},
                 {"target", target},
                 {"following", state->following},
                 {"muted", state->muted}},
                "/follow");
  }
  return Redirect(SafeReturn(c.Get("return"), "/following"));
}

Response FollowingRoute(Ctx& c) {
  if (!c.reader) return c.NeedLogin();
  Result<std::vector<store::Follow>> follows = c.personal.Follows(c.user());
  if (!follows.ok()) return c.Error(500);
  Result<std::vector<service::FollowSuggestion>> suggestions =
      c.personal.Suggestions(c.user(), c.now(), 10);
  if (!suggestions.ok()) return c.Error(500);
  return Private(RenderFollowing(*follows, *suggestions, c.Meta("ما تتابعه")),
                 "/following");
}

Response CardsFeed(Ctx& c, std::string title, const std::string& self,
                   const std::vector<service::Card>& cards) {
  std::string_view format = c.Get("format");
  if (format.empty()) format = "atom";
  if (format != "atom" && format != "rss" && format != "json") return c.Error(400);
  Response r = FeedResponse(MakeFeed(std::move(title), c.base_url, self, cards),
                            format, std::string(c.path));
  return r;
}

Response ForYouRoute(Ctx& c) {
  if (!c.reader) return c.NeedLogin();
  Result<service::ForYouView> view = c.personal.ForYouPage(c.user(), c.now());
  if (!view.ok()) return c.Error(500);
  if (HasParam(c.form, "format")) {
    return CardsFeed(c, "خبر — لك", "/for-you", view->cards);
  }
  Result<std::string> feed = c.accounts.FeedToken(c.user());
  if (!feed.ok()) return c.Error(500);
  return Private(RenderForYou(*view, c.base_url + "/feeds/" + *feed + "/for-you",
                              c.Meta("لك")),
                 "/for-you");
}

// /feeds/{token}/{saved|for-you}: the token is the credential.
Response PrivateFeedRoute(Ctx& c) {
  constexpr std::string_view kPrefix = "/feeds/";
  if (!c.path.starts_with(kPrefix)) return c.Error(404);  // "/feeds" itself
  const std::string_view rest = c.path.substr(kPrefix.size());
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return c.Error(404);
  const std::string_view token = rest.substr(0, slash);
  const std::string_view which = rest.substr(slash + 1);
  if (which != "saved" && which != "for-you") return c.Error(404);
  Result<store::User> user = c.accounts.UserForFeedToken(token);
  if (!user.ok()) return c.Error(user.status().IsCallerError() ? 404 : 500);
  const std::string self = "/feeds/" + std::string(token) + "/" + std::string(which);
  if (which == "saved") {
    Result<service::Listing> listing = c.personal.Saved(user->id, 1);
    if (!listing.ok()) return c.Error(500);
    return CardsFeed(c, "خبر — محفوظاتي", self, listing->cards);
  }
  Result<service::ForYouView> view =
      c.personal.ForYouPage(user->id, c.now(), kFeedItems);
  if (!view.ok()) return c.Error(500);
  return CardsFeed(c, "خبر — لك", self, view->cards);
}

// --- Newsletters. --------------------------------------------------------

Response NewslettersRoute(Ctx& c) {
  const std::optional<int64_t> sub = ParseId(c.Get("s"));
  if (c.path == "/newsletters/confirm") {
    if (!sub) return c.Error(400);
    const Status s = c.newsletters.Confirm(*sub, c.Get("t"));
    if (!s.ok()) {
      if (!s.IsCallerError()) return c.Error(500);
      return c.Message("الرابط غير صالح", "تعذّر تأكيد هذا الاشتراك.", "/newsletters",
                       "النشرات البريدية", 400);
    }
    return c.Message("تأكّد اشتراكك", "ستصلك النشرة في موعدها. تستطيع إلغاءها بنقرة من أي عدد.",
                     "/newsletters", "النشرات البريدية");
  }
  if (c.path == "/newsletters/unsubscribe") {
    if (sub && HasParam(c.form, "t")) {
      // An emailed link: GET asks (link scanners must not unsubscribe
      // anybody), POST does — also the RFC 8058 one-click POST of mail
      // clients, which needs no login and no CSRF token.
      if (c.request.method == "GET") {
        if (!c.accounts.CheckCapability("unsubscribe", std::to_string(*sub),
                                        c.Get("t"))) {
          return c.Error(400);
        }
        Result<store::Subscription> s = c.library.readers().GetSubscription(*sub);
        if (!s.ok()) return c.Error(s.status().IsCallerError() ? 404 : 500);
        Result<store::Newsletter> n = c.library.readers().GetNewsletter(s->newsletter_id);
        if (!n.ok()) return c.Error(500);
        return Private(RenderUnsubscribe(*sub, c.Get("t"), n->name,
                                         c.Meta("إلغاء الاشتراك")),
                       "/newsletters/unsubscribe");
      }
      const Status s = c.newsletters.Unsubscribe(*sub, c.Get("t"));
      if (!s.ok()) return c.Error(s.IsCallerError() ? 400 : 500);
      return c.Message("أُلغي اشتراكك", "لن تصلك هذه النشرة بعد الآن.", "/newsletters",
                       "النشرات البريدية");
    }
    if (!c.reader) return c.NeedLogin();
    const std::optional<int64_t> id = ParseId(c.Get("subscription"));
    if (!id || c.request.method != "POST") return c.Error(400);
    const Status s = c.newsletters.UnsubscribeByReader(c.user(), *id);
    if (!s.ok()) return c.Error(s.code() == StatusCode::kNotFound ? 404 : 500);
    return Redirect("/newsletters");
  }
  if (!c.reader) return c.NeedLogin();
  if (c.path == "/newsletters/subscribe") {
    if (c.request.method != "POST") return c.Error(405);
    const std::optional<int64_t> id = ParseId(c.Get("newsletter"));
    if (!id) return c.Error(400);
    Result<store::Subscription> s = c.newsletters.Subscribe(c.user(), *id);
    if (!s.ok()) {
      if (s.status().code() == StatusCode::kPermissionDenied) {
        return c.Message("أكِّد بريدك أولًا",
                         "افتح رابط التأكيد الذي أرسلناه إليك، ثم اشترك.",
                         "/account", "حسابك", 403);
      }
      return c.Error(s.status().code() == StatusCode::kNotFound ? 404 : 500);
    }
    return c.Message("بقيت خطوة واحدة",
                     "أرسلنا إلى بريدك رابطًا لتأكيد الاشتراك. لن نرسل النشرة قبل أن تؤكده.",
                     "/newsletters", "النشرات البريدية");
  }
  if (auto tail = Tail(c.path, "/newsletters/preview/")) {
    const std::optional<int64_t> id = ParseId(*tail);
    if (!id) return c.Error(404);
    Result<service::Newsletters::Preview> preview =
        c.newsletters.PreviewEdition(c.user(), *id);
    if (!preview.ok()) return c.Error(preview.status().code() == StatusCode::kNotFound ? 404 : 500);
    Response r = Private(preview->html, "/newsletters/preview/{id}");
    // The email's own inline styles; nothing else may load or run.
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; style-src 'unsafe-inline'; "
                           "img-src 'self' data:; base-uri 'none'; "
                           "form-action 'none'; frame-ancestors 'none'");
    return r;
  }
  if (c.path != "/newsletters") return c.Error(404);
  Result<std::vector<store::Newsletter>> all = c.library.readers().Newsletters();
  Result<std::vector<store::Subscription>> mine =
      c.library.readers().Subscriptions(c.user());
  if (!all.ok() || !mine.ok()) return c.Error(500);
  std::vector<NewsletterRow> rows;
  for (const store::Newsletter& n : *all) {
    NewsletterRow row{n.id, n.name, n.cadence == "weekly" ? "أسبوعية" : "يومية",
                      n.topic.empty() ? "" : service::SectionDisplayName(n.topic),
                      "none", 0};
    for (const store::Subscription& s : *mine) {
      if (s.newsletter_id != n.id || s.unsubscribed_at) continue;
      row.state = s.confirmed_at ? "active" : "pending";
      row.subscription = s.id;
    }
    rows.push_back(std::move(row));
  }
  return Private(RenderNewsletters(rows, c.reader->user.verified_at.has_value(),
                                   c.Meta("النشرات البريدية")),
                 "/newsletters");
}

// --- The personal API. ---------------------------------------------------

json FollowJson(const store::Follow& f) {
  return {{"kind", f.kind},   {"target", f.target}, {"label", f.label},
          {"detail", f.detail}, {"muted", f.muted},  {"at", Iso(f.at)}};
}

Response PrivateJson(const json& value, std::string route, int status = 200) {
  Response r = Json(value, std::move(route), status);
  // Personal answers are for the reader's own origin only.
  std::erase_if(r.headers, [](const auto& h) {
    return h.first == "Access-Control-Allow-Origin";
  });
  return r;
}

Response MeApi(Ctx& c) {
  if (!c.reader) {
    Response r = JsonError(401, "sign in, or send Authorization: Bearer <token>",
                           std::string(c.path));
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"khabar\"");
    return r;
  }
  const std::string_view method = c.request.method;
  auto fail = [&](const Status& s) {
    const int status = s.code() == StatusCode::kNotFound          ? 404
                       : s.IsCallerError()                          ? 400
                                                                    : 500;
    return JsonError(status, s.IsCallerError() ? s.message() : "internal error",
                     std::string(c.path));
  };
  if (c.path == "/api/v1/me") {
    const store::User& u = c.reader->user;
    return PrivateJson({{"id", u.id},
                        {"email", u.email},
                        {"display_name", u.display_name},
                        {"verified", u.verified_at.has_value()},
                        {"created_at", Iso(u.created_at)}},
                       "/api/v1/me");
  }
  if (c.path == "/api/v1/me/saved") {
    const std::optional<int> page = IntParam(c.form, "page", 1, service::NewsDesk::kMaxPage);
    if (!page) return JsonError(400, "page must be 1 to 500", "/api/v1/me/saved");
    Result<service::Listing> listing = c.personal.Saved(c.user(), *page);
    if (!listing.ok()) return fail(listing.status());
    json items = json::array();
    for (const service::Card& card : listing->cards) {
      items.push_back(CardJson(card, c.base_url));
    }
    return PrivateJson(PageJson(std::move(items), *page, listing->page_size,
                                listing->total, ""),
                       "/api/v1/me/saved");
  }
  if (auto tail = Tail(c.path, "/api/v1/me/saved/")) {
    const std::optional<int64_t> id = ParseId(*tail);
    if (!id) return JsonError(404, "no such article", "/api/v1/me/saved/{id}");
    Status s;
    if (method == "PUT" || method == "POST") {
      s = c.personal.Save(c.user(), *id, c.now());
    } else if (method == "DELETE") {
      s = c.personal.Unsave(c.user(), *id);
    } else {
      return JsonError(405, "use PUT or DELETE", "/api/v1/me/saved/{id}");
    }
    if (!s.ok()) return fail(s);
    return PrivateJson({{"article", *id}, {"saved", method != "DELETE"}},
                       "/api/v1/me/saved/{id}");
  }
  if (c.path == "/api/v1/me/follows") {
    if (method == "POST") {
      Result<store::Follow> f =
          c.Get("action") == "mute"
              ? c.personal.Mute(c.user(), c.Get("kind"), c.Get("target"), c.now())
              : c.personal.Follow(c.user(), c.Get("kind"), c.Get("target"), c.now());
      if (!f.ok()) return fail(f.status());
      return PrivateJson(FollowJson(*f), "/api/v1/me/follows", 201);
    }
    if (method == "DELETE") {
      const Status s = c.personal.Unfollow(c.user(), c.Get("kind"), c.Get("target"));
      if (!s.ok()) return fail(s);
      return PrivateJson({{"kind", c.Get("kind")}, {"target", c.Get("target")},
                          {"following", false}},
                         "/api/v1/me/follows");
    }
    Result<std::vector<store::Follow>> follows = c.personal.Follows(c.user());
    if (!follows.ok()) return fail(follows.status());
    json items = json::array();
    for (const store::Follow& f : *follows) items.push_back(FollowJson(f));
    return PrivateJson({{"items", items}}, "/api/v1/me/follows");
  }
  if (c.path == "/api/v1/me/for-you") {
    Result<service::ForYouView> view = c.personal.ForYouPage(c.user(), c.now());
    if (!view.ok()) return fail(view.status());
    json items = json::array();
    for (std::size_t i = 0; i < view->cards.size(); ++i) {
      json item = CardJson(view->cards[i], c.base_url);
      item["reason"] = i < view->reasons.size() ? view->reasons[i] : "";
      items.push_back(std::move(item));
    }
    return PrivateJson({{"items", items}, {"cold_start", view->cold_start}},
                       "/api/v1/me/for-you");
  }
  return JsonError(404, "no such endpoint", "not-found");
}

void AddBodyParams(const Request& request, Site::Params& params) {
  for (auto& p : ParseFormBody(request.Header("content-type"), request.body)) {
    params.push_back(std::move(p));
  }
}

bool IsUnder(std::string_view path, std::string_view prefix) {
  return path == prefix ||
         (path.starts_with(prefix) && path.size() > prefix.size() &&
          path[prefix.size()] == '/');
}

}  // namespace

bool Site::IsReaderRoute(const Request& request, std::string_view path) {
  if (request.method != "GET" && request.method != "HEAD") return true;
  static constexpr std::string_view kPrefixes[] = {
      "/signup",  "/login",     "/logout", "/verify",      "/reset",
      "/account", "/saved",     "/follow", "/following",   "/for-you",
      "/feeds",   "/newsletters", "/api/v1/me", "/admin"};
  for (std::string_view prefix : kPrefixes) {
    if (IsUnder(path, prefix)) return true;
  }
  return false;
}

bool Site::IsPersonal(const Request& request, std::string_view path) {
  return IsReaderRoute(request, path) ||
         !Cookie(request, kSessionCookie).empty() ||
         request.Header("authorization").starts_with("Bearer ");
}

Response Site::ReadOnly(std::string_view path) {
  Response r;
  if (path.starts_with("/api/")) {
    r = JsonError(503, "this instance serves reads only; accounts are served "
                       "by a read-write instance", "read-only");
  } else {
    r.status = 503;
    r.body = RenderReadOnly({});
    r.headers.emplace_back("Cache-Control", "no-store");
  }
  r.route = "read-only";
  r.headers.emplace_back("Retry-After", "60");
  return r;
}

Response Site::Personal(const Request& request, std::string_view path,
                        const Params& params) {
  Result<std::unique_ptr<Lease>> lease = Borrow();
  if (!lease.ok()) return ErrorPage(503, "unavailable");
  Lease& l = **lease;
  Ctx c{params,          request,        path,          options_.base_url,
        l.accounts(),    l.personal(),   l.newsletters(), l.library()};
  c.now = options_.now;
  c.secure = options_.base_url.starts_with("https://") ||
             request.Header("x-forwarded-proto") == "https";
  const bool api = path.starts_with("/api/");
  const bool write = request.method == "POST" || request.method == "PUT" ||
                     request.method == "DELETE";

  // Who is asking.
  bool stale_cookie = false;
  const std::string_view auth = request.Header("authorization");
  if (auth.starts_with("Bearer ")) {
    Result<service::Reader> r = c.accounts.AuthenticateApiToken(auth.substr(7));
    if (!r.ok()) {
      Response denied = JsonError(401, "invalid or revoked API token", "auth");
      denied.headers.emplace_back("WWW-Authenticate",
                                  "Bearer realm=\"khabar\", error=\"invalid_token\"");
      return denied;
    }
    c.reader = std::move(*r);
    c.by_token = true;
  } else if (const std::string cookie = Cookie(request, kSessionCookie);
             !cookie.empty()) {
    Result<service::Reader> r = c.accounts.Authenticate(cookie);
    if (r.ok()) {
      c.reader = std::move(*r);
    } else {
      stale_cookie = true;
    }
  }
  if (write) {
    // Only the reader's routes take writes; the rest of the site is
    // read-only (405 before anything else is looked at).
    const bool writable =
        path == "/signup" || path == "/login" || path == "/logout" ||
        path == "/reset" || path == "/saved" || path == "/follow" ||
        IsUnder(path, "/account") || IsUnder(path, "/newsletters") ||
        IsUnder(path, "/admin") ||
        IsUnder(path, "/api/v1/me");
    if (!writable) {
      Response r = api ? JsonError(405, "read-only endpoint", "method")
                       : ErrorPage(405, "method");
      r.headers.emplace_back("Allow", "GET, HEAD");
      return r;
    }
    AddBodyParams(request, c.form);
  }

  // Cross-site request forgery: a state change must carry the token of its
  // session (or of the anonymous csrf cookie), except with an API token
  // and for the one-click unsubscribe (its link is its capability).
  const bool one_click = path == "/newsletters/unsubscribe" &&
                         HasParam(params, "s") && HasParam(params, "t");
  // (An API write from nobody at all is answered 401 by the API itself.)
  const bool anonymous_api = api && !c.reader;
  if (write && !c.by_token && !one_click && !anonymous_api) {
    std::string_view sent = c.Get("csrf");
    if (sent.empty()) sent = request.Header("x-csrf-token");
    const std::string expected =
        c.reader ? c.reader->csrf : Cookie(request, kCsrfCookie);
    if (expected.empty() || !service::ConstantTimeEqual(sent, expected)) {
      Response r = api ? JsonError(403, "missing or wrong CSRF token", "csrf")
                       : ErrorPage(403, "csrf");
      return r;
    }
  }

  if (c.reader) {
    const store::User& u = c.reader->user;
    c.viewer.user_id = u.id;
    c.viewer.name = u.display_name.empty() ? u.email : u.display_name;
    c.viewer.csrf = c.reader->csrf;
    c.viewer.verified = u.verified_at.has_value();
    Result<bool> is_operator = c.library.readers().IsOperator(u.id);
    c.viewer.is_operator = is_operator.ok() && *is_operator;
    Result<std::unordered_set<int64_t>> saved = c.personal.SavedIds(u.id);
    if (saved.ok()) c.viewer.saved = std::move(*saved);
    c.meta.viewer = c.by_token ? nullptr : &c.viewer;
  }
  std::string_view here = request.target;
  c.meta.here = SafeReturn(here, "/");

  Response r;
  try {
    if (IsUnder(path, "/api/v1/me")) {
      r = MeApi(c);
    } else if (api) {
      r = Api(l, path, params);
    } else if (path == "/signup") {
      r = SignupRoute(c);
    } else if (path == "/login") {
      r = LoginRoute(c);
    } else if (path == "/logout") {
      r = LogoutRoute(c);
    } else if (path == "/verify") {
      r = VerifyRoute(c);
    } else if (path == "/reset") {
      r = ResetRoute(c);
    } else if (IsUnder(path, "/account")) {
      r = AccountRoute(c);
    } else if (path == "/saved") {
      r = SavedRoute(c);
    } else if (path == "/follow") {
      r = FollowRoute(c);
    } else if (path == "/following") {
      r = FollowingRoute(c);
    } else if (path == "/for-you") {
      r = ForYouRoute(c);
    } else if (IsUnder(path, "/feeds")) {
      r = PrivateFeedRoute(c);
    } else if (IsUnder(path, "/newsletters")) {
      r = NewslettersRoute(c);
    } else if (IsUnder(path, "/admin")) {
      r = AdminSourcesRoute(c);
    } else {
      r = Page(l, path, params, request, c.meta.viewer);
    }
  } catch (const std::exception&) {
    r = ErrorPage(500, "error");
  }

  // Nothing personal is ever stored by a shared cache.
  r.cacheable = false;
  std::erase_if(r.headers, [](const auto& h) { return h.first == "Cache-Control"; });
  r.headers.emplace_back("Cache-Control", "private, no-store");
  if (stale_cookie) {
    r.headers.emplace_back("Set-Cookie", c.CookieLine(kSessionCookie, "", 0));
  }
  for (std::string& line : c.set_cookies) {
    r.headers.emplace_back("Set-Cookie", std::move(line));
  }
  return r;
}

}  // namespace khabar::web
