// JSON API checks against a running Khabar server.
//
//   KHABAR_URL=http://127.0.0.1:8080 node --test tests/browser/api.test.mjs
//
// Reads the server's own OpenAPI 3.1 document (/api/v1/openapi.json),
// compiles its component schemas with Ajv's JSON Schema 2020-12 dialect, then
// calls every documented endpoint with ids and keys taken from earlier
// answers and validates each body against the schema of the response its
// status is documented with. Error answers (unknown ids, bad page numbers, a
// missing query) are validated against the Error schema. The last test fails
// when a documented path or response status was never exercised.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const BASE = (process.env.KHABAR_URL ?? '').replace(/\/+$/, '');
const SKIP = BASE ? false : 'KHABAR_URL is not set (scripts/web-test.sh sets it)';
const FETCH_TIMEOUT_MS = 30000; // generous: the ASan build answers slowly
const UNKNOWN_ID = 987654321;

let doc;           // the OpenAPI document
let apiBase;       // BASE + servers[0].url
let ajv;
const exercised = new Map(); // "path status" → count

// The documented response object for (template, status), with a
// components/responses $ref resolved; undefined when not documented.
function documentedResponse(template, status, method = 'get') {
  const op = doc.paths[template]?.[method];
  assert.ok(op, `the document has no ${method.toUpperCase()} ${template}`);
  let response = op.responses?.[String(status)];
  if (response?.$ref) {
    const name = response.$ref.replace('#/components/responses/', '');
    response = doc.components.responses[name];
  }
  return response;
}

function validatorFor(schema) {
  if (schema.$ref && Object.keys(schema).length === 1) {
    const v = ajv.getSchema('openapi' + schema.$ref);
    assert.ok(v, `cannot resolve ${schema.$ref}`);
    return v;
  }
  return ajv.compile(schema);
}

function formatErrors(errors) {
  return (errors ?? [])
    .slice(0, 10)
    .map((e) => `  ${e.instancePath || '(root)'} ${e.message} ` +
                `[${e.schemaPath}] ${JSON.stringify(e.params)}`)
    .join('\n');
}

// Calls GET template (path params filled in, percent-encoded) with the
// query, checks the status, and validates the body against the documented
// schema of that status. Returns the parsed body.
async function call(template, { path = {}, query = {}, status = 200, method = 'GET', headers = {}, body: payload } = {}) {
  let p = template;
  for (const [k, v] of Object.entries(path)) {
    p = p.replace(`{${k}}`, encodeURIComponent(String(v)));
  }
  const qs = new URLSearchParams(query).toString();
  const url = apiBase + p + (qs ? `?${qs}` : '');
  const res = await fetch(url, { method, headers, body: payload, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  const text = await res.text();
  assert.equal(res.status, status, `${method} ${url}: HTTP ${res.status}, expected ${status}: ${text.slice(0, 300)}`);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/,
    `GET ${url}: Content-Type ${res.headers.get('content-type')}`);
  let body;
  assert.doesNotThrow(() => { body = JSON.parse(text); }, `GET ${url}: not JSON`);

  const response = documentedResponse(template, status, method.toLowerCase());
  assert.ok(response, `GET ${url}: status ${status} is not documented for ${template}`);
  const schema = response.content?.['application/json']?.schema;
  assert.ok(schema, `${template} ${status}: no application/json schema documented`);
  const validate = validatorFor(schema);
  assert.ok(validate(body),
    `GET ${url}: the ${status} body does not match its schema:\n${formatErrors(validate.errors)}\n` +
    `body: ${text.slice(0, 500)}`);
  if (status >= 400) {
    assert.equal(body.error.status, status, `GET ${url}: error.status ${body.error.status} != HTTP ${status}`);
    assert.ok(body.error.message.length > 0, `GET ${url}: empty error message`);
  }
  const key = `${method === 'GET' ? '' : method + ' '}${template} ${status}`;
  exercised.set(key, (exercised.get(key) ?? 0) + 1);
  return body;
}

// Follows a page's "next" link and checks it answers the following page.
async function followNext(template, body) {
  if (body.next === null) return;
  assert.ok(body.next.startsWith(BASE + '/api/v1/'), `next link ${body.next} is not on ${BASE}`);
  const res = await fetch(body.next, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  assert.equal(res.status, 200, `next link ${body.next}: HTTP ${res.status}`);
  const next = await res.json();
  assert.equal(next.page, body.page + 1, `next link ${body.next} answered page ${next.page}`);
  const validate = validatorFor(documentedResponse(template, 200).content['application/json'].schema);
  assert.ok(validate(next), `next link ${body.next}:\n${formatErrors(validate.errors)}`);
}

// Ids and keys gathered along the way.
const found = { articleIds: [], storyIds: [], entityKeys: [], speakerKeys: [], topic: null, source: null };

before(async () => {
  if (SKIP) return;
  const res = await fetch(`${BASE}/api/v1/openapi.json`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  assert.equal(res.status, 200, `/api/v1/openapi.json: HTTP ${res.status}`);
  doc = await res.json();
  apiBase = BASE + (doc.servers?.[0]?.url ?? '/api/v1');
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, 'openapi');
});

test('openapi document', { skip: SKIP }, async () => {
  assert.match(doc.openapi, /^3\.1\./, `openapi version ${doc.openapi}`);
  assert.ok(Object.keys(doc.paths).length > 0, 'no paths');
  // Every $ref in the document resolves, and every component schema compiles.
  const refs = [];
  (function walk(node) {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      if (typeof node.$ref === 'string') refs.push(node.$ref);
      Object.values(node).forEach(walk);
    }
  })(doc);
  for (const ref of refs) {
    assert.ok(ref.startsWith('#/'), `external $ref ${ref}`);
    let target = doc;
    for (const part of ref.slice(2).split('/')) target = target?.[part];
    assert.ok(target, `$ref ${ref} does not resolve`);
  }
  for (const name of Object.keys(doc.components.schemas)) {
    assert.ok(ajv.getSchema(`openapi#/components/schemas/${name}`), `schema ${name} does not compile`);
  }
});

test('API endpoints answer what the document says', { skip: SKIP }, async (t) => {
  await t.test('/topics and /sources', async () => {
    const topics = await call('/topics');
    assert.ok(topics.items.length > 0, 'no topics');
    found.topic = topics.items.find((x) => x.articles > 0)?.id ?? null;
    const sources = await call('/sources');
    assert.ok(sources.items.length > 0, 'no sources');
    found.source = sources.items.find((x) => x.articles > 0) ?? null;
  });

  await t.test('/articles', async () => {
    const page1 = await call('/articles');
    assert.ok(page1.items.length > 0, 'no articles');
    assert.equal(page1.page, 1);
    found.articleIds = page1.items.map((c) => c.id);
    for (const card of page1.items) {
      assert.equal(card.url, `${BASE}/article/${card.id}`, `card ${card.id} url ${card.url}`);
    }
    const small = await call('/articles', { query: { per_page: 2 } });
    assert.ok(small.items.length <= 2, `per_page=2 answered ${small.items.length} items`);
    if (small.total > 2) assert.notEqual(small.next, null, 'per_page=2 of more: next is null');
    await followNext('/articles', small);
    if (found.topic) {
      const byTopic = await call('/articles', { query: { topic: found.topic } });
      for (const c of byTopic.items) assert.equal(c.topic, found.topic, `topic filter let ${c.id} (${c.topic}) through`);
    }
    if (found.source) {
      const bySource = await call('/articles', { query: { source: found.source.name, per_page: 5 } });
      for (const c of bySource.items) assert.equal(c.source.id, found.source.id, `source filter let ${c.id} through`);
    }
    await call('/articles', { query: { q: 'الهجوم', from: '2000-01-01', to: '2100-01-01' } });
  });

  await t.test('/search', async () => {
    const body = await call('/search', { query: { q: 'في', per_page: 3 } });
    await followNext('/search', body);
    const words = await call('/search', { query: { q: 'اسابيع' } });
    for (const c of words.items) {
      if (c.snippet_html !== undefined) {
        assert.doesNotMatch(c.snippet_html.replaceAll(/<\/?mark>/g, ''), /</,
          `snippet of ${c.id} has markup besides <mark>: ${c.snippet_html}`);
      }
    }
    await call('/search', { status: 400 }); // q is required
  });

  await t.test('/stories and /stories/{id}', async () => {
    const stories = await call('/stories', { query: { per_page: 50 } });
    found.storyIds = stories.items.map((s) => s.id);
    await followNext('/stories', await call('/stories', { query: { per_page: 1 } }));
    for (const id of found.storyIds.slice(0, 5)) {
      const story = await call('/stories/{id}', { path: { id } });
      assert.equal(story.id, id);
      assert.ok(story.articles.length > 0, `story ${id} has no articles`);
      for (const c of story.articles) found.articleIds.push(c.id);
    }
    assert.ok(found.storyIds.length > 0, 'no stories: /stories/{id} cannot be exercised');
    await call('/stories/{id}', { path: { id: UNKNOWN_ID }, status: 404 });
    await call('/stories', { query: { page: 0 }, status: 400 });
  });

  await t.test('/articles/{id}', async () => {
    const ids = [...new Set(found.articleIds)].slice(0, 12);
    for (const id of ids) {
      const a = await call('/articles/{id}', { path: { id } });
      assert.equal(a.id, id);
      for (const e of a.entities) found.entityKeys.push(e.key);
      for (const q of a.quotes) if (q.speaker_key) found.speakerKeys.push(q.speaker_key);
    }
    await call('/articles/{id}', { path: { id: UNKNOWN_ID }, status: 404 });
    await call('/articles/{id}', { path: { id: 'abc' }, status: 404 });
  });

  await t.test('/entities, /entities/{key}, /entities/{key}/quotes', async () => {
    const list = await call('/entities', { query: { per_page: 20 } });
    for (const e of list.items) found.entityKeys.push(e.key);
    const pers = await call('/entities', { query: { type: 'PERS' } });
    for (const e of pers.items) assert.equal(e.type, 'PERS');
    await followNext('/entities', await call('/entities', { query: { per_page: 1 } }));
    await call('/entities', { query: { type: 'NOPE' }, status: 400 });

    const keys = [...new Set(found.entityKeys)];
    assert.ok(keys.length > 0, 'no entity keys in any answer: /entities/{key} cannot be exercised');
    for (const key of keys.slice(0, 6)) {
      const e = await call('/entities/{key}', { path: { key } });
      assert.equal(e.key, key);
      if (e.articles_page.next !== null) {
        const res = await fetch(e.articles_page.next, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
        assert.equal(res.status, 200, `next link ${e.articles_page.next}: HTTP ${res.status}`);
        assert.equal((await res.json()).articles_page.page, 2, `next link ${e.articles_page.next}`);
      }
    }
    const speakers = [...new Set(found.speakerKeys)];
    for (const key of [...speakers.slice(0, 3), keys[0]]) {
      const q = await call('/entities/{key}/quotes', { path: { key } });
      assert.equal(q.entity.key, key);
    }
    await call('/entities/{key}', { path: { key: 'لا يوجد كيان بهذا الاسم' }, status: 404 });
    await call('/entities/{key}/quotes', { path: { key: 'لا يوجد كيان بهذا الاسم' }, status: 404 });
  });

  await t.test('bad page numbers answer 400', async () => {
    for (const query of [{ page: 0 }, { page: 'abc' }, { page: 501 }, { per_page: 0 }, { per_page: 101 }]) {
      await call('/articles', { query, status: 400 });
    }
    await call('/search', { query: { q: 'الرقة', page: -1 }, status: 400 });
    await call('/entities', { query: { page: 'x' }, status: 400 });
  });

  await t.test('an unknown endpoint answers a JSON 404', async () => {
    const res = await fetch(`${apiBase}/no-such-endpoint`, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    assert.equal(res.status, 404);
    const validate = validatorFor({ $ref: '#/components/schemas/Error' });
    assert.ok(validate(await res.json()), formatErrors(validate.errors));
  });
});

// The reader's API, with a personal token made the way a reader makes one:
// sign up, log in, create a token on /account.
async function personalToken() {
  const jar = new Map();
  const absorb = (res) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair.split('=');
      if (v) jar.set(k, v); else jar.delete(k);
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrfOf = (html) => html.match(/name="csrf" value="([^"]+)"/)[1];
  const form = (o) => new URLSearchParams(o).toString();
  const post = async (p, fields) => {
    const res = await fetch(BASE + p, {
      method: 'POST', redirect: 'manual', body: form(fields),
      headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    absorb(res);
    return res;
  };
  let res = await fetch(`${BASE}/signup`);
  absorb(res);
  const email = `api-${Date.now()}@example.test`;
  const password = 'a long enough password';
  assert.equal((await post('/signup', { csrf: csrfOf(await res.text()), email, password })).status, 200);
  assert.equal((await post('/login', { csrf: jar.get('khabar_csrf'), email, password })).status, 303);
  res = await fetch(`${BASE}/account`, { headers: { cookie: cookie() } });
  const made = await post('/account/tokens', { csrf: csrfOf(await res.text()), name: 'api test' });
  const token = (await made.text()).match(/<code dir="ltr">([^<]+)<\/code>/)[1];
  return { token, cookie: cookie() };
}

test("the reader's API (/me) with a personal token", { skip: SKIP }, async () => {
  const { token, cookie } = await personalToken();
  const auth = { authorization: `Bearer ${token}` };
  await call('/me', { status: 401 });
  await call('/me', { status: 401, headers: { authorization: 'Bearer kb_forged' } });
  const me = await call('/me', { headers: auth });
  assert.match(me.email, /^api-/);
  const id = found.articleIds[0];
  assert.ok(id, 'no article id to save');
  await call('/me/saved/{id}', { method: 'PUT', path: { id }, headers: auth });
  const saved = await call('/me/saved', { headers: auth });
  assert.deepEqual(saved.items.map((c) => c.id), [id]);
  await call('/me/saved', { status: 401 });
  await call('/me/saved/{id}', { method: 'PUT', path: { id: UNKNOWN_ID }, headers: auth, status: 404 });
  await call('/me/saved/{id}', { method: 'PUT', path: { id }, status: 401 });
  // With the session cookie instead of a token, a write needs X-CSRF-Token.
  await call('/me/saved/{id}', { method: 'PUT', path: { id }, headers: { cookie }, status: 403 });
  await call('/me/saved/{id}', { method: 'DELETE', path: { id }, headers: { cookie }, status: 403 });
  await call('/me/saved/{id}', { method: 'DELETE', path: { id }, headers: auth });
  assert.equal((await call('/me/saved', { headers: auth })).total, 0);
  await call('/me/saved/{id}', { method: 'DELETE', path: { id }, status: 401 });

  const json = { ...auth, 'content-type': 'application/json' };
  const key = found.entityKeys[0];
  const followed = await call('/me/follows', { method: 'POST', headers: json, status: 201,
                                               body: JSON.stringify({ kind: 'entity', target: key }) });
  assert.equal(followed.target, key);
  await call('/me/follows', { method: 'POST', headers: json, status: 400,
                              body: JSON.stringify({ kind: 'planet', target: 'x' }) });
  await call('/me/follows', { method: 'POST', headers: json, status: 404,
                              body: JSON.stringify({ kind: 'entity', target: 'لا يوجد كيان بهذا الاسم' }) });
  await call('/me/follows', { method: 'POST', status: 401, body: '{}' });
  await call('/me/follows', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, status: 403,
                              body: JSON.stringify({ kind: 'entity', target: key }) });
  const follows = await call('/me/follows', { headers: auth });
  assert.deepEqual(follows.items.map((f) => f.target), [key]);
  await call('/me/follows', { status: 401 });
  const forYou = await call('/me/for-you', { headers: auth });
  assert.ok(forYou.items.every((c) => typeof c.reason === 'string'));
  await call('/me/for-you', { status: 401 });
  await call('/me/follows', { method: 'DELETE', query: { kind: 'entity', target: key }, headers: auth });
  await call('/me/follows', { method: 'DELETE', query: { kind: 'entity', target: key }, status: 401 });
  await call('/me/follows', { method: 'DELETE', query: { kind: 'entity', target: key }, headers: { cookie }, status: 403 });
  assert.equal((await call('/me/follows', { headers: auth })).items.length, 0);
});

test('every documented path and response was exercised', { skip: SKIP }, () => {
  const missing = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'put', 'post', 'delete']) {
      for (const status of Object.keys(item[method]?.responses ?? {})) {
        const prefix = method === 'get' ? '' : method.toUpperCase() + ' ';
        if (!exercised.has(`${prefix}${template} ${status}`)) {
          missing.push(`${method.toUpperCase()} ${template} → ${status}`);
        }
      }
    }
  }
  assert.deepEqual(missing, [], `never exercised:\n  ${missing.join('\n  ')}`);
});
