#!/usr/bin/env python3
"""Writes testdata/hostile/cases.jsonl and the small files under
testdata/hostile/files/ (run from anywhere; the output is kept in git, so
review its diff). Big inputs (1 GB bodies and files, bombs, deep nesting) are
not stored: their cases carry a `generate` recipe that hostile.test.mjs
expands on the fly.

A case: {"id", "category", "target", "expect", ...}
  target "http":   "request": {method, target, headers: [[name, value]],
                    body | body_gen, raw_latin1 (the whole request as bytes),
                    auth: "session" | "anon-csrf"}; "check": paths fetched
                    afterwards (with the same auth) whose HTML must not hold
                    the payload.
  target "cli":    "args": [...] (with {file} / {data} placeholders),
                   "file" (under files/) or "generate" (a recipe).
  target "poll":   a source served by the test's own loopback server, or an
                   SSRF target; "serve" says what the server answers.
  expect: "reject"  HTTP 4xx with a body / CLI exit 1 or 2 and a one-line
                    message on stderr;
          "safe"    any non-5xx answer (CLI: exit 0, 1 or 2), no crash, no
                    reflected payload, nothing stored changed;
          "refused" (poll) the target was never connected to.
"""
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, 'testdata', 'hostile')
FILES = os.path.join(OUT, 'files')

cases = []
counters = {}


def add(category, target, expect, **kw):
    counters[category] = counters.get(category, 0) + 1
    case = {'id': f'{category}-{counters[category]:03d}', 'category': category,
            'target': target, 'expect': expect}
    case.update(kw)
    cases.append(case)


def http(category, method, target, expect, headers=None, body=None, **kw):
    req = {'method': method, 'target': compact(target)}
    if headers and len(headers) > 200:
        req['headers_gen'] = {'count': len(headers), 'name': headers[0][0][:-1] if headers[0][0].endswith('0') else headers[0][0],
                              'value': headers[0][1]}
    elif headers:
        req['headers'] = [[k, compact(v)] for k, v in headers]
    if body is not None:
        req['body'] = compact(body)
    for k in ('auth', 'body_gen', 'raw_latin1'):
        if k in kw:
            req[k] = compact(kw.pop(k))
    add(category, 'http', expect, request=req, **kw)


def compact(value):
    """A string over 512 characters as a list of parts: strings and
    {"repeat": unit, "times": n} runs (hostile.test.mjs joins them)."""
    if not isinstance(value, str) or len(value) <= 512:
        return value
    best = None  # (start, unit, times, end)
    for pos in (len(value) // 2, len(value) // 4, 3 * len(value) // 4, 0):
        for u in range(1, 17):
            unit = value[pos:pos + u]
            if len(unit) < u:
                continue
            i = pos
            while i - u >= 0 and value[i - u:i] == unit:
                i -= u
            j = pos
            while value.startswith(unit, j):
                j += u
            n = (j - i) // u
            if n >= 8 and (best is None or j - i > best[3] - best[0]):
                best = (i, u, n, j)
        if best and best[3] - best[0] > len(value) // 2:
            break
    if best is None:
        return value
    i, u, n, j = best
    parts = []
    for piece in (compact(value[:i]), {'repeat': value[i:i + u], 'times': n}, compact(value[j:])):
        if piece == '' or piece == []:
            continue
        parts.extend(piece if isinstance(piece, list) else [piece])
    return parts


def write_file(name, data):
    path = os.path.join(FILES, name)
    with open(path, 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode('utf-8'))
    return name


def scrape(title, body):
    """A .txt scrape: headline, blank line, paragraphs (bytes)."""
    return title + b'\n\n' + body + b'\n'


def record(**fields):
    base = {'id': 'h', 'source': 'مصدر', 'url': 'https://hostile.example/a',
            'time': 'Sat, 21 Nov 2026 10:00:00 GMT', 'author': 'كاتب',
            'title': 'عنوان', 'abstract': 'ملخص', 'text': 'فقرة.'}
    base.update(fields)
    return base


os.makedirs(FILES, exist_ok=True)
for f in os.listdir(FILES):
    os.remove(os.path.join(FILES, f))

AR = 'الهجوم'  # an Arabic word every search route understands
ARQ = '%D8%A7%D9%84%D9%87%D8%AC%D9%88%D9%85'

# Routes with a path parameter, as (prefix, suffix) around it.
PARAM_ROUTES = [('/article/', ''), ('/story/', ''), ('/entity/', ''),
                ('/topic/', ''), ('/source/', ''), ('/api/v1/articles/', ''),
                ('/api/v1/stories/', ''), ('/api/v1/entities/', ''),
                ('/api/v1/entities/', '/quotes'), ('/feeds/', '/saved'),
                ('/newsletters/preview/', ''), ('/static/', '')]
# Routes that take query parameters.
QUERY_ROUTES = ['/search', '/api/v1/search', '/api/v1/articles', '/latest']

# ---------------------------------------------------------------- UTF-8
bad_utf8 = {'lone-continuation': '%80', 'ff-byte': '%FF', 'truncated-arabic': '%D8',
            'cut-3-byte': '%E2%80', 'five-byte': '%F8%88%80%80%80',
            'above-10ffff': '%F4%90%80%80', 'c1-lead': '%C1%81'}
for name, esc in bad_utf8.items():
    http('malformed-utf8', 'GET', f'/search?q={ARQ}{esc}', 'safe', note=name)
    http('malformed-utf8', 'GET', f'/entity/{ARQ}{esc}', 'reject', note=name)
http('malformed-utf8', 'GET', '/api/v1/search?q=%FF%FE', 'reject',
     note='the only parameter is undecodable: q is required')
http('malformed-utf8', 'GET', '/api/v1/entities/%D8%FF/quotes', 'reject')
http('malformed-utf8', 'GET', '/topic/%E0%A4', 'reject')
http('malformed-utf8', 'GET', '/', 'safe',
     headers=[['Accept-Language', 'ar\xff\xfe;q=1']], note='raw bytes in a header value')
for i, data in enumerate([b'\xff\xfe\xfd', b'\xe2\x80']):
    title = b'\xd8\xb9\xd9\x86\xd9\x88\xd8\xa7\xd9\x86 ' + data + b' utf8probe'
    name = write_file(f'utf8-{i}.txt', scrape(title, 'فقرة عن الأخبار '.encode() * 20 + data))
    add('malformed-utf8', 'cli', 'safe', args=['ingest', '{file}'], file=name)
name = write_file('utf8-jsonl.jsonl', b'{"id":"u1","title":"\xd8\xb9\xff","text":"\xc3"}\n')
add('malformed-utf8', 'cli', 'safe', args=['ingest', '{file}'], file=name)

# ---------------------------------------------------------------- overlong
overlong = {'slash-2': '%C0%AF', 'slash-3': '%E0%80%AF', 'slash-4': '%F0%80%80%AF',
            'dot-2': '%C0%AE', 'nul-2': '%C0%80', 'lt-2': '%C0%BC', 'alef-3': '%E0%98%A7'}
for name, esc in overlong.items():
    http('overlong-encoding', 'GET', f'/static/{esc}{esc}etc{esc}passwd', 'reject', note=name)
    if name in ('slash-2', 'lt-2', 'nul-2'):
      http('overlong-encoding', 'GET', f'/api/v1/search?q={esc}script{esc}', 'reject', note=name)
for i, seq in enumerate([b'\xc0\xaf', b'\xc0\xbcscript\xc0\xbe']):
    name = write_file(f'overlong-{i}.txt', scrape('عنوان '.encode() + seq, 'نص الخبر '.encode() * 30 + seq))
    add('overlong-encoding', 'cli', 'safe', args=['ingest', '{file}'], file=name)

# ---------------------------------------------------------------- surrogates
for esc in ['%ED%A0%80', '%ED%BF%BF', '%ED%A0%BD%ED%B8%80']:
    http('surrogates', 'GET', f'/search?q={esc}', 'safe')
    http('surrogates', 'GET', f'/entity/{esc}', 'reject')
    http('surrogates', 'GET', f'/api/v1/entities/{esc}', 'reject')
name = write_file('surrogate-cesu.txt', scrape(b'\xed\xa0\xbd\xed\xb8\x80 ' + 'عنوان'.encode(), 'نص '.encode() * 40 + b'\xed\xb3\xbf'))
add('surrogates', 'cli', 'safe', args=['ingest', '{file}'], file=name)
name = write_file('surrogate-json.jsonl', json.dumps(record(id='s1', title='عنوان \\ud800 مكسور')).replace('\\\\ud800', '\\ud800').encode() + b'\n')
add('surrogates', 'cli', 'safe', args=['ingest', '{file}'], file=name,
    note='a lone \\ud800 escape in JSON')

# ---------------------------------------------------------------- bidi
BIDI = {'rlo': '\u202e', 'lri': '\u2066', 'rli': '\u2067', 'pdi': '\u2069',
        'lre': '\u202a', 'alm': '\u061c', 'rlm': '\u200f'}
for name, ch in BIDI.items():
    payload = f'{ch}txt.exe{ch}'
    enc = ''.join(f'%{b:02X}' for b in payload.encode())
    http('bidi-controls', 'GET', f'/search?q={enc}', 'safe', note=name)
for name, ch in list(BIDI.items())[:2]:
    rec = record(id=f'bidi-{name}', source=f'مصدر{ch}evil', title=f'عنوان {ch}gpj.exe bidiprobe',
                 author=f'{ch}كاتب', text=f'فقرة {ch}مقلوبة bidiprobe عن الأخبار اليوم.')
    fn = write_file(f'bidi-{name}.jsonl', json.dumps(rec, ensure_ascii=False) + '\n')
    add('bidi-controls', 'cli', 'safe', args=['ingest', '{file}'], file=fn)
for name in ['rlo', 'lri']:
    ch = BIDI[name]
    http('bidi-controls', 'POST', '/account/name', 'safe', auth='session',
         headers=[['Content-Type', 'application/x-www-form-urlencoded']],
         body='csrf={csrf}&name=' + ''.join(f'%{b:02X}' for b in f'قارئ{ch}nimda'.encode()),
         check=['/account'], note='display name')
    http('bidi-controls', 'POST', '/follow', 'safe', auth='session',
         headers=[['Content-Type', 'application/x-www-form-urlencoded']],
         body='csrf={csrf}&kind=search&action=follow&target=' +
         ''.join(f'%{b:02X}' for b in f'بحث{ch}evil'.encode()),
         check=['/following'], note='follow label')

# ---------------------------------------------------------------- NUL
for t in ['/search?q=%00', '/search?q=a%00b', '/entity/%00', '/article/1%00',
          '/static/style.css%00.js', '/api/v1/search?q=%00%00', '/topic/world%00',
          '/login?next=%00/x']:
    http('nul', 'GET', t, 'safe' if '?q=' in t or 'next' in t else 'reject')
http('nul', 'GET', '/', 'reject', raw_latin1='GET /\x00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
http('nul', 'GET', '/', 'reject', raw_latin1='GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\nConnection: close\r\n\r\n')
name = write_file('nul.txt', scrape('عنوان\x00مخفي'.encode(), ('نص\x00 '.encode()) * 50))
add('nul', 'cli', 'safe', args=['ingest', '{file}'], file=name)
name = write_file('nul-only.txt', b'\x00' * 4096)
add('nul', 'cli', 'reject', args=['ingest', '{file}'], file=name)

# ---------------------------------------------------------------- 1 GB bodies
GB = 1 << 30
for route in ['/login', '/signup', '/api/v1/me/saved', '/account/name', '/']:
    http('huge-body', 'POST', route, 'reject', body_gen={'kind': 'content-length', 'bytes': GB})
for route in ['/login', '/follow', '/api/v1/me/follows']:
    http('huge-body', 'POST', route, 'reject', body_gen={'kind': 'chunked', 'bytes': GB})
http('huge-body', 'GET', '/search?q=a', 'reject', body_gen={'kind': 'content-length', 'bytes': GB})
http('huge-body', 'POST', '/login', 'reject', headers=[['Content-Length', '99999999999999999999999']])
http('huge-body', 'POST', '/login', 'reject', headers=[['Content-Length', '-1']])
http('huge-body', 'POST', '/login', 'reject', raw_latin1='POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\nConnection: close\r\n\r\nabcdef')
http('huge-body', 'POST', '/login', 'reject', raw_latin1='POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nfffffffffffffffff\r\n')
for ext in ['txt', 'html', 'jsonl']:
    add('huge-body', 'cli', 'safe', args=['ingest', '{file}'],
        generate={'kind': 'sparse', 'bytes': GB, 'name': f'huge.{ext}'},
        note='a 1 GB sparse file (nothing stored on disk)')
add('huge-body', 'cli', 'safe', args=['ingest', '{file}'],
    generate={'kind': 'long-line', 'bytes': 64 << 20, 'name': 'long-line.txt'},
    note='one 64 MB line of Arabic letters')

# ---------------------------------------------------------------- header floods
http('header-flood', 'GET', '/', 'safe', headers=[[f'X-H{i}', 'v'] for i in range(1000)],
     note='1000 small headers fit the 16 KB header limit')
http('header-flood', 'GET', '/', 'reject', headers=[[f'X-H{i}', 'v'] for i in range(5000)])
http('header-flood', 'GET', '/', 'reject', headers=[['X-Big', 'a' * 100000]])
http('header-flood', 'GET', '/', 'reject', headers=[['Cookie', 'khabar_session=' + 'b' * 60000]])
http('header-flood', 'GET', '/', 'reject', headers=[['Accept-Encoding', 'gzip;q=0.' + '9' * 20000]])
http('header-flood', 'GET', '/', 'safe', headers=[['Cookie', f'c{i}=v'] for i in range(300)])
http('header-flood', 'GET', '/', 'safe', headers=[['Accept-Encoding', ','.join(['gzip;q=0'] * 1500)]])
http('header-flood', 'GET', '/static/style.css', 'safe', headers=[['If-None-Match', ', '.join(['"x"'] * 1500)]])
http('header-flood', 'GET', '/' + 'a' * 9000, 'reject', note='target over the limit')
http('header-flood', 'GET', '/search?q=' + ARQ * 1000, 'reject', note='target over the limit')
http('header-flood', 'GET', '/', 'reject', raw_latin1='GET / HTTP/1.1\r\n' + ''.join(f'X{i}: {"v" * 50}\r\n' for i in range(2000)) + '\r\n')
http('header-flood', 'GET', '/', 'safe', raw_latin1='GET / HTTP/1.1\r\nX-Folded: a\r\n b\r\n\r\n', note='obsolete line folding (Beast joins it)')
http('header-flood', 'GET', '/', 'reject', raw_latin1='GET / HTTP/1.1\r\nBad Header: a\r\n\r\n', note='space in a header name')
http('header-flood', 'GET', '/', 'reject', raw_latin1='GET / HTTP/9.9\r\n\r\n', note='unknown version')
http('header-flood', 'GET', '/', 'reject', raw_latin1='\r\n\r\n\r\nGARBAGE\r\n\r\n', note='not HTTP')

# ---------------------------------------------------------------- path traversal
TRAVERSALS = ['../../../../etc/passwd', '..%2f..%2f..%2fetc%2fpasswd', '%2e%2e/%2e%2e/etc/passwd',
              '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..%5c..%5cwindows%5cwin.ini', '%252e%252e%252fetc%252fpasswd',
              '....//....//etc/passwd', '..%c0%af..%c0%afetc%c0%afpasswd']
for k, (prefix, suffix) in enumerate(PARAM_ROUTES):
    for t in [TRAVERSALS[k % 3]] if prefix != '/static/' else TRAVERSALS:
        # Personal routes send an anonymous reader to the login page (303).
        expect = 'safe' if prefix.startswith(('/newsletters', '/feeds')) else 'reject'
        http('path-traversal', 'GET', prefix + t + suffix, expect, forbid=['root:x:0:0'])
for t in ['/static/fonts/..%2f..%2f..%2f..%2fetc%2fpasswd', '/static/./style.css/..', '/static//etc/passwd',
          '/%2e%2e/%2e%2e/etc/passwd', '/static/%2fetc%2fpasswd']:
    http('path-traversal', 'GET', t, 'reject', forbid=['root:x:0:0'])
http('path-traversal', 'GET', 'http://evil.example/', 'reject', note='absolute-form target')
http('path-traversal', 'GET', '*', 'reject', note='asterisk-form target')
http('path-traversal', 'POST', '/saved', 'safe', auth='session',
     headers=[['Content-Type', 'application/x-www-form-urlencoded']],
     body='csrf={csrf}&article=1&return=//evil.example/%2e%2e', forbid_location=['evil.example'],
     note='open redirect through return=')
http('path-traversal', 'POST', '/login', 'safe', auth='anon-csrf',
     headers=[['Content-Type', 'application/x-www-form-urlencoded']],
     body='csrf={csrf}&email=nobody%40example.org&password=wrongpassword&next=/%5cevil.example',
     forbid_location=['evil.example'])
# (`khabar ingest /etc/passwd` is the operator's own choice and is not
# refused; these paths do not resolve, and must say so.)
for t in ['../../etc/khabar-missing/../passwd', '/etc/passwd/../../', 'files/../../../../etc/khabar-missing']:
    add('path-traversal', 'cli', 'reject', args=['ingest', t],
        note='a path that does not resolve: a clear not-found error')

# ---------------------------------------------------------------- XSS
XSS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "'><svg/onload=alert(3)>",
       '</title><script>alert(4)</script>', 'javascript:alert(5)//<b>x</b>',
       '<iframe src="javascript:alert(6)">', '{{7*7}}<math><mi//xlink:href="data:x,<script>alert(7)</script>">',
       '<a href="x" style="x:expression(alert(8))">', '</textarea><script>alert(9)</script>',
       ']]><script>alert(10)</script>']
def pct(s):
    return ''.join(c if c.isalnum() else ''.join(f'%{b:02X}' for b in c.encode()) for c in s)
for i, p in enumerate(XSS):
    marker = p
    http('xss', 'GET', f'/search?q={pct(p)}', 'safe', forbid=[marker])
    if i < 4:
        http('xss', 'GET', f'/search?q={pct(p)}&format=' + ('rss' if i % 2 else 'atom'), 'safe', forbid=[marker])
        http('xss', 'GET', f'/entity/{pct(p)}', 'safe', forbid=[marker])
    if i < 2:
        http('xss', 'GET', f'/api/v1/search?q={pct(p)}', 'safe', forbid=[marker])
        http('xss', 'GET', f'/search?q={AR}&topic={pct(p)}&source={pct(p)}', 'safe', forbid=[marker])
        http('xss', 'GET', f'/login?next={pct(p)}', 'safe', forbid=[marker])
        http('xss', 'GET', f'/latest?page={pct(p)}', 'reject', forbid=[marker])
        http('xss', 'GET', f'/search?q={AR}&format={pct(p)}', 'reject', forbid=[marker])
for i, p in enumerate(XSS[:3]):
    http('xss', 'POST', '/account/name', 'safe', auth='session',
         headers=[['Content-Type', 'application/x-www-form-urlencoded']],
         body='csrf={csrf}&name=' + pct(p), check=['/account', '/'], forbid=[p], note='display name')
    http('xss', 'POST', '/follow', 'safe', auth='session',
         headers=[['Content-Type', 'application/x-www-form-urlencoded']],
         body='csrf={csrf}&kind=search&action=follow&target=' + pct(p),
         check=['/following', '/for-you'], forbid=[p], note='follow label')
    http('xss', 'POST', '/account/tokens', 'safe', auth='session',
         headers=[['Content-Type', 'application/x-www-form-urlencoded']],
         body='csrf={csrf}&name=' + pct(p), check=['/account'], forbid=[p], note='API token name')
    http('xss', 'POST', '/signup', 'safe', auth='anon-csrf',
         headers=[['Content-Type', 'application/x-www-form-urlencoded']],
         body='csrf={csrf}&email=' + pct(p) + '&password=short&name=' + pct(p), forbid=[p],
         note='signup form echoes its fields')
for i, p in enumerate(XSS[:2]):
    rec = record(id=f'xss-{i}', source=f'مصدر {p}', title=f'عنوان xsscase {p}', author=p,
                 abstract=p, text=f'فقرة xsscase {p} عن الأخبار.\nفقرة ثانية "{p}" قال المتحدث.',
                 url=f'https://x.example/{i}"{p}')
    fn = write_file(f'xss-{i}.jsonl', json.dumps(rec, ensure_ascii=False) + '\n')
    add('xss', 'cli', 'safe', args=['ingest', '{file}'], file=fn,
        check=['/latest', '/search?q=xsscase', '/search?q=xsscase&format=rss', '/sources'], forbid=[p])
    fn = write_file(f'xss-{i}.html', f'<html><head><title>{p}</title><meta property="og:title" content="{p.replace(chr(34), "&quot;")}"></head>'
                    f'<body><article><h1>عنوان xsshtml {p}</h1><p>فقرة طويلة عن الأخبار xsshtml {p} '
                    + 'والسياسة والاقتصاد ' * 20 + '</p></article></body></html>')
    add('xss', 'cli', 'safe', args=['ingest', '{file}'], file=fn,
        check=['/latest', '/search?q=xsshtml'], forbid=[p])
for i, p in enumerate(XSS[:1]):
    add('xss', 'cli', 'safe', args=['newsletter', 'define', '--slug', f'xss-{i}', '--name', p,
                                    '--cadence', 'daily', '--topic', 'world'],
        check=['/newsletters'], check_auth='session', forbid=[p], note='newsletter name')

# ---------------------------------------------------------------- SQL metacharacters
SQL = ["'", '"', ';', '--', '/*', '*/', '%00', '\\', "' OR '1'='1", "1; DROP TABLE article;--",
       "') UNION SELECT password_hash FROM user--", '1 OR 1=1']
for s in SQL:
    e = pct(s) if s != '%00' else s
    http('sql-metachar', 'GET', f'/search?q={e}', 'safe')
    if len(s) > 2:
        http('sql-metachar', 'GET', f'/api/v1/search?q={AR}{e}', 'safe')
for s in SQL[:8]:
    e = pct(s) if s != '%00' else s
    http('sql-metachar', 'GET', f'/article/1{e}', 'reject')
    if s in ('\'', ';', '--', '\\\\'):
        http('sql-metachar', 'GET', f'/api/v1/articles?page={e}', 'reject')
        http('sql-metachar', 'GET', f'/entity/{e}', 'safe')
        http('sql-metachar', 'GET', f'/topic/{e}', 'reject')
for s in SQL[8:]:
    e = pct(s)
    http('sql-metachar', 'GET', f'/api/v1/articles?topic={e}&source={e}', 'safe')
    http('sql-metachar', 'GET', f'/newsletters/confirm?s=1{e}&t={e}', 'safe')
    http('sql-metachar', 'POST', '/login', 'safe', auth='anon-csrf',
         headers=[['Content-Type', 'application/x-www-form-urlencoded']],
         body='csrf={csrf}&email=' + e + '&password=' + e)
    http('sql-metachar', 'GET', '/saved?q=' + e, 'safe', auth='session')
    add('sql-metachar', 'cli', 'safe', args=['search', s])
add('sql-metachar', 'cli', 'safe', args=['search', '--json', "title:'x' OR 1=1 --"])
add('sql-metachar', 'cli', 'reject', args=['show', "1'"])

# ---------------------------------------------------------------- XXE / billion laughs
LAUGHS = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
          + ''.join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
          + ']>\n')
XXE = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd"> <!ENTITY % p SYSTEM "http://127.0.0.1:1/x"> %p;]>\n'
fn = write_file('laughs.html', LAUGHS + '<html><body><article><h1>عنوان &lol9;</h1><p>' + 'فقرة طويلة &lol9; ' * 20 + '</p></article></body></html>')
add('xxe', 'cli', 'safe', args=['ingest', '{file}'], file=fn, forbid_stored=['lollollollollollollollollollol'])
fn = write_file('xxe.html', XXE + '<html><body><article><h1>عنوان &xxe;</h1><p>' + 'فقرة طويلة &xxe; ' * 20 + '</p></article></body></html>')
add('xxe', 'cli', 'safe', args=['ingest', '{file}'], file=fn, forbid_stored=['root:x:0:0'])
for name, prolog in [('laughs', LAUGHS), ('xxe', XXE)]:
    fn = write_file(f'{name}.opml', prolog + '<opml version="2.0"><head><title>&lol9;</title></head><body>'
                    '<outline type="rss" text="&xxe;" xmlUrl="http://127.0.0.1:9/feed"/></body></opml>')
    add('xxe', 'cli', 'safe', args=['sources', 'import', '{file}'], file=fn, forbid_stored=['root:x:0:0', 'lollollollol'])
for name, prolog in [('laughs', LAUGHS), ('xxe', XXE)]:
    feed = (prolog + '<rss version="2.0"><channel><title>&lol9;&xxe;</title><link>http://h/</link>'
            '<item><title>خبر &xxe; &lol9;</title><link>http://h/1</link><description>نص &xxe; &lol9;</description></item>'
            '</channel></rss>')
    add('xxe', 'poll', 'safe', serve={'type': 'application/rss+xml', 'body': feed},
        forbid_stored=['root:x:0:0', 'lollollollollollollollollollol'])
    atom = (prolog + '<feed xmlns="http://www.w3.org/2005/Atom"><title>&lol9;</title>'
            '<entry><title>&xxe;</title><link href="http://h/2"/><content>&lol9;</content></entry></feed>')
    add('xxe', 'poll', 'safe', serve={'type': 'application/atom+xml', 'body': atom},
        forbid_stored=['root:x:0:0', 'lollollollollollollollollollol'])
http('xxe', 'POST', '/api/v1/me/follows', 'reject', headers=[['Content-Type', 'application/xml']],
     body=XXE + '<a>&xxe;</a>', forbid=['root:x:0:0'])

# ---------------------------------------------------------------- SSRF
SSRF = ['http://127.0.0.1:{canary}/feed', 'http://[::1]:{canary}/feed', 'http://localhost:{canary}/',
        'http://2130706433:{canary}/', 'http://0177.0.0.1:{canary}/', 'http://0x7f.0.0.1:{canary}/',
        'http://127.1:{canary}/', 'http://[::ffff:127.0.0.1]:{canary}/', 'http://0.0.0.0:{canary}/',
        'http://169.254.169.254/latest/meta-data/', 'http://[fd00::1]/', 'http://10.0.0.1/',
        'http://192.168.0.1/', 'http://100.64.0.1/', 'http://127.0.0.1.nip.io:{canary}/']
for u in SSRF:
    add('ssrf', 'poll', 'refused', source=u)
for u in ['http://localhost:{canary}/', 'http://[::1]:{canary}/', 'http://169.254.169.254/',
          'http://2130706433:{canary}/', 'file:///etc/passwd', 'gopher://127.0.0.1:{canary}/_x']:
    add('ssrf', 'poll', 'refused', serve={'redirect': u}, note='an allowed host redirects there')
for u in ['file:///etc/passwd', 'gopher://127.0.0.1/', 'ftp://127.0.0.1/', 'dict://127.0.0.1:11211/',
          'http://', 'http://:80/', 'http://user:pass@/']:
    add('ssrf', 'cli', 'reject', args=['sources', 'add', u])

# ---------------------------------------------------------------- bombs
http('gzip-bomb', 'POST', '/login', 'reject', headers=[['Content-Encoding', 'gzip'],
     ['Content-Type', 'application/x-www-form-urlencoded']], body_gen={'kind': 'gzip-bomb', 'bytes': 256 << 20})
http('gzip-bomb', 'POST', '/api/v1/me/follows', 'reject', headers=[['Content-Encoding', 'gzip'],
     ['Content-Type', 'application/json']], body_gen={'kind': 'gzip-bomb', 'bytes': 200 << 20})
http('gzip-bomb', 'POST', '/signup', 'reject', headers=[['Content-Encoding', 'deflate, gzip, br'],
     ['Content-Type', 'application/x-www-form-urlencoded']], body_gen={'kind': 'gzip-bomb', 'bytes': 50 << 20})
http('gzip-bomb', 'GET', '/', 'safe', headers=[['Accept-Encoding', 'gzip;q=1, ' * 200 + 'br']])
for enc in ['gzip', 'deflate']:
    add('gzip-bomb', 'poll', 'safe', serve={'type': 'application/rss+xml', 'bomb': enc, 'bytes': 256 << 20})
add('gzip-bomb', 'poll', 'safe', serve={'type': 'application/rss+xml', 'endless': True},
    note='a feed that never ends (1 GB streamed)')
add('gzip-bomb', 'cli', 'safe', args=['ingest', '{file}'],
    generate={'kind': 'gzip-bomb', 'bytes': 256 << 20, 'name': 'bomb.txt.gz'})

# ---------------------------------------------------------------- pathological queries
PATH_Q = {'quotes': '"' * 3000, 'parens-open': '(' * 2500, 'parens-close': ')' * 2500,
          'or-chain': ' OR '.join(['ا'] * 700), 'minus': '-' * 3000, 'alef-run': 'ا' * 1300,
          'diacritics': 'ب' + '\u064e\u064f\u0650\u0651\u0652' * 250, 'tatweel': 'ـ' * 1300,
          'mixed': '"(' * 1200, 'field-chain': 'topic:' * 1000, 'stars': '*' * 3000}
for name, q in PATH_Q.items():
    http('pathological-query', 'GET', '/search?q=' + pct(q)[:8000], 'safe', note=name)
    http('pathological-query', 'GET', '/api/v1/search?q=' + pct(q)[:8000], 'safe', note=name)
# (One argument may hold at most 128 KiB: Linux's MAX_ARG_STRLEN.)
BIG_Q = {'alef-60k': 'ا' * 60000, 'quotes-100k': '"' * 100000, 'parens-50k': '(' * 50000 + 'ا' + ')' * 50000,
         'or-10k': ' OR '.join(['كلمة'] * 10000), 'diacritics-30k': 'س' + '\u0651\u064e' * 30000,
         'not-30k': ' '.join(['-ا'] * 30000)}
for name, q in BIG_Q.items():
    # ("--": a query that starts with '-' is not an option.)
    add('pathological-query', 'cli', 'safe', args=['search', '--', compact(q)], note=name)
add('pathological-query', 'cli', 'safe', args=['ingest', '{file}'],
    generate={'kind': 'text', 'name': 'diacritics.txt',
              'parts': compact('عنوان\n\n' + ('ب' + '\u064e\u0651' * 5000 + ' ') * 20 + '\n')})
add('pathological-query', 'cli', 'safe', args=['ingest', '{file}'],
    generate={'kind': 'text', 'name': 'alef-run.txt', 'parts': compact('ا' * 5000 + '\n\n' + 'ا' * 200000 + '\n')})

# ---------------------------------------------------------------- deep nesting
for depth in [10000, 100000]:
    add('deep-nesting', 'cli', 'safe', args=['ingest', '{file}'],
        generate={'kind': 'deep-html', 'depth': depth, 'name': f'deep-{depth}.html'})
    add('deep-nesting', 'cli', 'safe', args=['ingest', '{file}'],
        generate={'kind': 'deep-json', 'depth': depth, 'name': f'deep-{depth}.jsonl'})
add('deep-nesting', 'cli', 'safe', args=['sources', 'import', '{file}'],
    generate={'kind': 'deep-opml', 'depth': 50000, 'name': 'deep.opml'})
add('deep-nesting', 'poll', 'safe', serve={'type': 'application/rss+xml', 'deep': 100000})
for depth in [1000, 100000]:
    http('deep-nesting', 'POST', '/api/v1/me/follows', 'reject', auth='session',
         headers=[['Content-Type', 'application/json'], ['X-CSRF-Token', '{csrf}']],
         body='[' * depth + ']' * depth, note='no kind or target: 400')
    # A non-string name is no name: the display name is cleared (303).
    http('deep-nesting', 'POST', '/account/name', 'safe', auth='session',
         headers=[['Content-Type', 'application/json'], ['X-CSRF-Token', '{csrf}']],
         body='{"name":' + '{"a":' * depth + '1' + '}' * depth + '}')
http('deep-nesting', 'GET', '/search?q=' + '(' * 3000 + 'ا' + ')' * 3000, 'safe')
http('deep-nesting', 'GET', '/api/v1/search?q=' + '%28' * 1300 + ARQ + '%29' * 1300, 'safe')
add('deep-nesting', 'cli', 'safe', args=['search', compact('(' * 60000 + 'ا' + ')' * 60000)])

# ---------------------------------------------------------------- oversized form fields
for field, size in [('name', 200000), ('name', 900000)]:
    http('oversized-form', 'POST', '/account/name', 'reject', auth='session',
         headers=[['Content-Type', 'application/x-www-form-urlencoded']],
         body='csrf={csrf}&' + field + '=' + '%D8%A7' * (size // 6), check=['/account'])
http('oversized-form', 'POST', '/account/tokens', 'reject', auth='session',
     headers=[['Content-Type', 'application/x-www-form-urlencoded']],
     body='csrf={csrf}&name=' + 'a' * 500000)
http('oversized-form', 'POST', '/follow', 'reject', auth='session',
     headers=[['Content-Type', 'application/x-www-form-urlencoded']],
     body='csrf={csrf}&kind=search&action=follow&target=' + 'a' * 500000)
http('oversized-form', 'POST', '/signup', 'reject', auth='anon-csrf',
     headers=[['Content-Type', 'application/x-www-form-urlencoded']],
     body='csrf={csrf}&email=' + 'a' * 300000 + '%40example.org&password=' + 'p' * 300000 + '&name=x')
http('oversized-form', 'POST', '/login', 'reject', auth='anon-csrf',
     headers=[['Content-Type', 'application/x-www-form-urlencoded']],
     body='csrf={csrf}&email=a%40b.org&password=' + 'p' * 900000)
http('oversized-form', 'POST', '/login', 'reject', auth='anon-csrf',
     headers=[['Content-Type', 'application/x-www-form-urlencoded']],
     body='csrf={csrf}&' + '&'.join(['a=b'] * 200000))
http('oversized-form', 'POST', '/login', 'reject', auth='anon-csrf',
     headers=[['Content-Type', 'application/x-www-form-urlencoded']], body='csrf={csrf}&email=a%40b.org',
     note='no password field at all (was a UBSan abort in VerifyPassword)')
http('oversized-form', 'POST', '/login', 'reject', auth='anon-csrf',
     headers=[['Content-Type', 'application/x-www-form-urlencoded']], body='csrf={csrf}',
     note='no email or password field')
http('oversized-form', 'POST', '/api/v1/me/follows', 'reject', auth='session',
     headers=[['Content-Type', 'application/json'], ['X-CSRF-Token', '{csrf}']],
     body=json.dumps({'kind': 'search', 'target': 'ب' * 300000}))

# ---------------------------------------------------------------- invalid cookies
COOKIES = ['khabar_session=', 'khabar_session=' + 'x' * 43, 'khabar_session=%00%00',
           'khabar_session="quoted"', 'khabar_session=a; khabar_session=b; khabar_session=c',
           'khabar_session=قيمة', 'khabar_session=<script>alert(1)</script>',
           '=; ; ;; =khabar_session', 'khabar_session=' + "' OR 1=1--",
           'khabar_csrf=' + 'y' * 43 + '; khabar_session=zzz', 'khabar_session=\t\x0b',
           'khabar_session=' + 'z' * 4000]
for i, c in enumerate(COOKIES):
    http('invalid-cookie', 'GET', '/' if i % 2 else '/account', 'safe', headers=[['Cookie', c]],
         forbid=['<script>alert(1)</script>'])
for c in COOKIES[:3]:
    http('invalid-cookie', 'POST', '/account/name', 'reject', headers=[['Cookie', c],
         ['Content-Type', 'application/x-www-form-urlencoded']], body='csrf=x&name=evil')
http('invalid-cookie', 'POST', '/login', 'reject', headers=[['Cookie', 'khabar_csrf=' + 'a' * 43],
     ['Content-Type', 'application/x-www-form-urlencoded']], body='csrf=' + 'b' * 43 + '&email=a%40b.org&password=x',
     note='double-submit mismatch')
http('invalid-cookie', 'GET', '/api/v1/me', 'reject', headers=[['Authorization', 'Bearer ' + 'k' * 5000]])
http('invalid-cookie', 'GET', '/api/v1/me', 'reject', headers=[['Authorization', 'Bearer kb_\' OR 1=1--']])
http('invalid-cookie', 'GET', '/feeds/1.%27%20OR%201%3D1--/saved', 'reject')
http('invalid-cookie', 'GET', '/feeds/99999999999999999999.abc/for-you', 'reject')

# ---------------------------------------------------------------- numeric params
NUMS = ['-1', '0', '99999999999999999999', '9223372036854775808', '2147483648', '1e3', '0x10',
        '+1', '%201', '1.5', 'NaN', '-0', '١', '1%00']
for i, n in enumerate(NUMS):
    http('numeric-param', 'GET', f'/latest?page={n}', 'reject')
    if i % 2 == 0:
        http('numeric-param', 'GET', f'/api/v1/articles?per_page={n}', 'reject')
    else:
        http('numeric-param', 'GET', f'/article/{n}', 'reject')
for n in NUMS[2:5]:
    http('numeric-param', 'GET', f'/api/v1/articles/{n}', 'reject')
    http('numeric-param', 'GET', f'/story/{n}', 'reject')
    http('numeric-param', 'GET', f'/source/{n}', 'reject')
http('numeric-param', 'GET', '/api/v1/articles?page=500&per_page=100', 'safe')
http('numeric-param', 'GET', '/api/v1/stories?page=500&per_page=100', 'safe')
for n in ['-1', '99999999999', 'abc']:
    add('numeric-param', 'cli', 'reject', args=['search', '--limit', n, 'الهجوم'])
    add('numeric-param', 'cli', 'reject', args=['show', n] if n != '99999999999' else ['show', '9223372036854775808'])
add('numeric-param', 'cli', 'reject', args=['search', '--offset', '-5', 'الهجوم'])
add('numeric-param', 'cli', 'reject', args=['search', '--offset', '1000001', 'الهجوم'])
add('numeric-param', 'cli', 'safe', args=['show', '999999999'])

with open(os.path.join(OUT, 'cases.jsonl'), 'w', encoding='utf-8') as f:
    for c in cases:
        f.write(json.dumps(c, ensure_ascii=False) + '\n')
by = {}
for c in cases:
    by[c['category']] = by.get(c['category'], 0) + 1
print(len(cases), 'cases:', ', '.join(f'{k} {v}' for k, v in by.items()), file=sys.stderr)
