#!/usr/bin/env python3
"""Builds a large, realistic Arabic news corpus for Khabar's scale benchmarks.

Reads the ANT corpora from the shared data folder at run time (nothing of
them is copied into the repository) and writes N articles as sharded JSONL
files in the ANT shape that `khabar ingest` reads:

  - each article is a real article of the corpus (its topic label, its lead
    sentences) whose remaining sentences are drawn from other real articles
    with the SAME label, so entities, topics and quotes stay plausible;
  - titles are real titles with variation (a kicker, a cut at the colon, a
    source suffix, or the title of a sibling article);
  - dates are spread over five years (2019-2023), with a weekly rhythm and a
    daily one, and articles come out in time order as a live ingest would;
  - sources: the four real outlets plus 300 generated outlet names, drawn
    with a Zipf-like law (a few big agencies, a long tail);
  - about 1% exact duplicates (the same story syndicated under another
    source and URL) and 1% near duplicates (one sentence changed or the
    title reworded), so dedup runs at scale.

Deterministic: the same --seed, --count and input give byte-identical
output.

Usage:
  make_corpus.py corpus --out DIR [--count 1000000] [--seed 7]
                 [--shared ../shared] [--shard-size 10000]
  make_corpus.py queries --db DIR/khabar.db --out bench/scale/queries.txt
                 [--seed 7] [--shared ../shared]
"""

import argparse
import bisect
import calendar
import collections
import json
import math
import os
import random
import re
import sqlite3
import sys

CORPORA = [
    "data/ant-corpus-v2.1-multisource/ant-corpus-v2.1-multisource.train.jsonl",
    "data/ant-corpus-v2.1-multisource/ant-corpus-v2.1-multisource.dev.jsonl",
    "data/ant-corpus-v1.1/ant-corpus-v1.1.train.jsonl",
    "data/ant-corpus-v1.1/ant-corpus-v1.1.dev.jsonl",
]

# Both corpora's labels, folded into one set of topics.
LABELS = {
    "localNews": "local", "politic": "politics", "society": "society",
    "diverse": "society", "internationalNews": "world",
    "middleEast": "middleEast", "sport": "sport", "economy": "economy",
    "technology": "technology", "culture": "culture",
}

START = calendar.timegm((2019, 1, 1, 0, 0, 0))
END = calendar.timegm((2024, 1, 1, 0, 0, 0))

KICKERS = ["عاجل: ", "بالفيديو: ", "تقرير: ", "تحليل: ", "بالصور: ",
           "مباشر: ", "خاص: ", "متابعة: "]

OUTLET_KINDS = ["صحيفة", "وكالة", "موقع", "قناة", "إذاعة", "شبكة", "مجلة",
                "بوابة", "نشرة", "منصة"]
OUTLET_NAMES = [
    "الشرق", "النهار", "الأفق", "الرأي", "الحدث", "الخبر", "الوطن", "الفجر",
    "المدار", "الصباح", "المساء", "الجزيرة", "الساحل", "الأطلس", "النيل",
    "الفرات", "دجلة", "الخليج", "المغرب", "المشرق", "قرطاج", "الأندلس",
    "الرافدين", "الشام", "البيان", "الدستور", "الحياة", "الأيام", "اليوم",
    "الغد",
]
OUTLET_PLACES = ["", " الدولية", " العربية", " اليوم", " نيوز", " 24",
                 " الإخبارية", " برس", " الرقمية", " الأسبوعية"]

ARABIC_WORD = re.compile(r"[\u0621-\u064A]+")
SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+")
STOPWORDS = set("""في من على إلى الى عن مع أن ان إن التي الذي الذين هذا هذه ذلك
تلك كان كانت يكون قد لقد لم لن ما لا هو هي هم كما أو او بعد قبل بين حتى عند
كل غير وقال قال وقد وفي ومن أي ثم لكن وهو وهي إلا الا منذ خلال حيث فيها فيه
عليه عليها اليوم أيضا ايضا وأن وان بين تم أكثر اكثر إنه انه وكان ضمن بها به
له لها لهم هناك هنا وذلك مما ولا يتم""".split())


def die(message):
    sys.stderr.write("make_corpus: " + message + "\n")
    sys.exit(1)


def load_corpora(shared):
    """Real articles: dicts with label, source, title, sentences."""
    articles = []
    for rel in CORPORA:
        path = os.path.join(shared, rel)
        if not os.path.exists(path):
            die("missing " + path + " (pass --shared)")
        with open(path, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                text = (rec.get("text") or "").strip()
                title = (rec.get("title") or "").strip()
                if not text or not title:
                    continue
                sentences = []
                for para in text.split("\n"):
                    para = para.strip()
                    if para:
                        sentences.extend(s for s in SENTENCE_END.split(para)
                                         if len(s) > 20)
                if len(sentences) < 2:
                    continue
                articles.append({
                    "label": LABELS.get(rec.get("label", ""), "society"),
                    "source": (rec.get("source") or "").strip(),
                    "title": title,
                    "abstract": (rec.get("abstract") or "").strip(),
                    "author": (rec.get("author") or "").strip(),
                    "sentences": sentences,
                })
    if not articles:
        die("no article read")
    return articles


def outlets(rng):
    names = ["BBC", "CNN", "France24", "Jawhara FM"]
    seen = set(names)
    combos = [(k, n, p) for k in OUTLET_KINDS for n in OUTLET_NAMES
              for p in OUTLET_PLACES]
    rng.shuffle(combos)
    for kind, name, place in combos:
        full = kind + " " + name + place
        if full not in seen:
            seen.add(full)
            names.append(full)
        if len(names) >= 304:
            break
    # Zipf-like weights: rank r gets 1 / (r + 2).
    weights = [1.0 / (r + 2) for r in range(len(names))]
    cumulative = []
    total = 0.0
    for w in weights:
        total += w
        cumulative.append(total)
    return names, cumulative


def pick_weighted(rng, names, cumulative):
    return names[bisect.bisect_left(cumulative, rng.random() * cumulative[-1])]


def timestamps(rng, count):
    """`count` sorted publication times over five years: more on weekdays,
    more by day than by night."""
    days = (END - START) // 86400
    day_weight = []
    for d in range(days):
        weekday = (d + 1) % 7  # 2019-01-01 was a Tuesday; 0 = Monday here
        day_weight.append(0.6 if weekday in (4, 5) else 1.0)
    cumulative = []
    total = 0.0
    for w in day_weight:
        total += w
        cumulative.append(total)
    times = []
    for _ in range(count):
        day = bisect.bisect_left(cumulative, rng.random() * total)
        hour = min(23, max(0, int(rng.gauss(13, 4.5))))
        times.append(START + day * 86400 + hour * 3600 + rng.randrange(3600))
    times.sort()
    return times


def iso(t):
    y, mo, d, h, mi, s = __import__("time").gmtime(t)[:6]
    return "%04d-%02d-%02dT%02d:%02d:%02d+00:00" % (y, mo, d, h, mi, s)


def vary_title(rng, base, sibling, source):
    r = rng.random()
    if r < 0.55:
        return base["title"]
    if r < 0.67:
        return rng.choice(KICKERS) + base["title"]
    if r < 0.77 and ":" in base["title"]:
        head, tail = base["title"].split(":", 1)
        return (tail if len(tail) > len(head) else head).strip() or base["title"]
    if r < 0.85:
        return base["title"] + " - " + source
    if r < 0.93:
        return sibling["title"]
    words = base["sentences"][0].split()
    return " ".join(words[:min(len(words), rng.randint(7, 12))])


def compose(rng, base, pool):
    """A body: the base article's lead, then sentences of 1-3 articles of
    the same label, about as long as the base."""
    target = max(4, min(40, int(len(base["sentences"]) * rng.uniform(0.7, 1.3))))
    lead = rng.randint(1, min(3, len(base["sentences"])))
    sentences = list(base["sentences"][:lead])
    donors = [base] + [rng.choice(pool) for _ in range(rng.randint(1, 3))]
    while len(sentences) < target:
        donor = rng.choice(donors)
        start = rng.randrange(len(donor["sentences"]))
        run = rng.randint(1, 3)  # short runs keep some local coherence
        sentences.extend(donor["sentences"][start:start + run])
    sentences = sentences[:target]
    paragraphs = []
    i = 0
    while i < len(sentences):
        n = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[i:i + n]))
        i += n
    return paragraphs


def slug(name):
    return "s%08x" % (abs(hash_str(name)) & 0xFFFFFFFF)


def hash_str(s):
    # Python's hash() is salted per process: a stable FNV-1a instead.
    h = 0xCBF29CE484222325
    for b in s.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def make_corpus(args):
    rng = random.Random(args.seed)
    articles = load_corpora(args.shared)
    by_label = collections.defaultdict(list)
    for a in articles:
        by_label[a["label"]].append(a)
    names, cumulative = outlets(rng)
    times = timestamps(rng, args.count)
    os.makedirs(args.out, exist_ok=True)
    shard = None
    recent = collections.deque(maxlen=2000)  # for duplicates
    stats = collections.Counter()
    for n in range(args.count):
        if n % args.shard_size == 0:
            if shard:
                shard.close()
            shard = open(os.path.join(
                args.out, "shard-%05d.jsonl" % (n // args.shard_size)),
                "w", encoding="utf-8")
        t = times[n]
        source = pick_weighted(rng, names, cumulative)
        r = rng.random()
        if r < 0.01 and recent:
            # Exact duplicate: syndicated copy, same title and text.
            rec = dict(rng.choice(recent))
            stats["exact_duplicates"] += 1
        elif r < 0.02 and recent:
            # Near duplicate: one sentence replaced, or the title reworded.
            rec = dict(rng.choice(recent))
            paragraphs = rec["text"].split("\n")
            k = rng.randrange(len(paragraphs))
            base = rng.choice(by_label[LABELS.get(rec["label"], "society")])
            paragraphs[k] = rng.choice(base["sentences"])
            rec["text"] = "\n".join(paragraphs)
            if rng.random() < 0.5:
                rec["title"] = rng.choice(KICKERS) + rec["title"]
            stats["near_duplicates"] += 1
        else:
            label = rng.choice(articles)["label"]  # labels as often as real
            pool = by_label[label]
            base = rng.choice(pool)
            rec = {
                "label": label,
                "title": vary_title(rng, base, rng.choice(pool), source),
                "abstract": "",
                "author": base["author"] if rng.random() < 0.3 else "",
                "text": "\n".join(compose(rng, base, pool)),
            }
            rec["abstract"] = rec["text"].split("\n")[0][:300]
            recent.append(rec)
            stats["composed"] += 1
        rec["id"] = "GEN-%07d" % n
        rec["source"] = source
        rec["time"] = iso(t)
        rec["url"] = "https://%s.example/%s/%07d" % (
            slug(source), iso(t)[:10].replace("-", "/"), n)
        out = {k: rec[k] for k in ("id", "label", "source", "url", "title",
                                   "time", "author", "abstract", "text")}
        shard.write(json.dumps(out, ensure_ascii=False) + "\n")
    if shard:
        shard.close()
    sys.stderr.write("make_corpus: %d articles from %d real ones, %d sources: "
                     "%s\n" % (args.count, len(articles), len(names),
                               dict(stats)))


# --- Queries ------------------------------------------------------------

def words_of(text):
    return [w for w in ARABIC_WORD.findall(text)]


def make_queries(args):
    rng = random.Random(args.seed)
    articles = load_corpora(args.shared)
    df = collections.Counter()
    bigrams = collections.Counter()
    for a in articles:
        body = " ".join(a["sentences"])
        ws = words_of(body)
        df.update(set(ws))
        tw = [w for w in words_of(a["title"])]
        for i in range(len(tw) - 1):
            if tw[i] not in STOPWORDS and tw[i + 1] not in STOPWORDS:
                bigrams[(tw[i], tw[i + 1])] += 1
    content = [(w, c) for w, c in df.items()
               if w not in STOPWORDS and len(w) >= 3]
    content.sort(key=lambda wc: (-wc[1], wc[0]))
    frequent = [w for w, _ in content[:400]]
    middle = [w for w, c in content if 20 <= c < 300]
    rare = [w for w, c in content if 2 <= c <= 5 and len(w) >= 4]
    pairs = [p for p, c in sorted(bigrams.items(),
                                  key=lambda pc: (-pc[1], pc[0]))[:3000]]

    db = sqlite3.connect("file:" + args.db + "?mode=ro", uri=True)
    people = [r[0] for r in db.execute(
        "SELECT e.key FROM entity e JOIN mention m ON m.entity_id = e.id "
        "WHERE e.type = 'PERS' GROUP BY e.id HAVING count(*) >= 5 "
        "ORDER BY count(*) DESC, e.key LIMIT 300")]
    places = [r[0] for r in db.execute(
        "SELECT e.key FROM entity e JOIN mention m ON m.entity_id = e.id "
        "WHERE e.type = 'LOC' GROUP BY e.id HAVING count(*) >= 5 "
        "ORDER BY count(*) DESC, e.key LIMIT 200")]
    topics = [r[0] for r in db.execute(
        "SELECT topic FROM article WHERE topic != '' GROUP BY topic "
        "ORDER BY count(*) DESC")]
    sources = [r[0] for r in db.execute(
        "SELECT s.name FROM source s ORDER BY s.id")]
    if not people or not topics:
        die("the database has no analysis (ingest with analysis first)")

    def sentence_phrase():
        a = rng.choice(articles)
        ws = words_of(rng.choice(a["sentences"]))
        if len(ws) < 4:
            return None
        n = rng.randint(2, 3)
        i = rng.randrange(len(ws) - n)
        return '"' + " ".join(ws[i:i + n]) + '"'

    def date_bound():
        y = rng.randint(2019, 2023)
        m = rng.randint(1, 12)
        return y, m

    def quoted(value):
        return '"' + value + '"' if " " in value else value

    queries = []
    seen = set()

    def add(kind, count, make):
        # Distinct queries: the benchmark's first pass is then every query's
        # first ask (nothing served by the result cache).
        made = 0
        tries = 0
        while made < count and tries < count * 20:
            tries += 1
            q = make()
            if q and q not in seen:
                seen.add(q)
                queries.append((kind, q))
                made += 1

    add("frequent", 150, lambda: rng.choice(frequent))
    add("middle", 100, lambda: rng.choice(middle))
    add("rare", 100, lambda: rng.choice(rare))
    add("two_words", 120, lambda: " ".join(rng.choice(pairs)))
    add("three_words", 60, lambda: " ".join(
        list(rng.choice(pairs)) + [rng.choice(middle)]))
    add("freq_plus_rare", 60, lambda: rng.choice(frequent) + " " +
        rng.choice(middle))
    add("phrase", 100, sentence_phrase)
    def clitic():
        # بالرقة, للحكومة, وسوريا: a proclitic glued to a real word.
        word = rng.choice(([p for p in places if " " not in p] or frequent)
                          if rng.random() < 0.5 else frequent)
        if word.startswith("ال") and rng.random() < 0.6:
            return rng.choice(["بال", "وال", "فال", "لل", "وبال"]) + word[2:]
        return rng.choice(["و", "ب", "ل", "ف", "وب"]) + word

    add("clitic", 80, clitic)
    add("person", 60, lambda: "person:" + quoted(rng.choice(people)))
    add("person_word", 40, lambda: "person:" + quoted(rng.choice(people)) +
        " " + rng.choice(frequent))
    add("place_word", 30, lambda: "place:" + quoted(rng.choice(places)) +
        " " + rng.choice(middle))
    add("topic_word", 50, lambda: rng.choice(frequent) + " topic:" +
        rng.choice(topics))
    add("date_word", 30, lambda: (lambda ym: rng.choice(frequent) +
                                  " from:%04d-%02d" % ym)(date_bound()))
    add("date_range", 20, lambda: (lambda ym: rng.choice(middle) +
                                   " from:%04d-%02d-01 to:%04d-%02d-28" %
                                   (ym + ym))(date_bound()))
    add("source_word", 20, lambda: rng.choice(middle) + " source:" +
        quoted(rng.choice(sources)))
    add("or_not", 30, lambda: rng.choice(frequent) + " OR " +
        rng.choice(middle) if rng.random() < 0.5 else
        rng.choice(frequent) + " -" + rng.choice(frequent))
    if len(queries) != 1050:
        die("made %d queries" % len(queries))
    # Exactly 1000, with every kind kept in proportion.
    rng.shuffle(queries)
    queries = queries[:1000]
    queries.sort(key=lambda kq: kq[0])
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# kind<TAB>query; made by tools/make_corpus/make_corpus.py "
                "queries --seed %d\n" % args.seed)
        for kind, q in queries:
            f.write(kind + "\t" + q + "\n")
    sys.stderr.write("make_corpus: %d queries: %s\n" % (
        len(queries), dict(collections.Counter(k for k, _ in queries))))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_shared = os.path.normpath(os.path.join(here, "..", "..", "..",
                                                   "shared"))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("corpus")
    c.add_argument("--out", required=True)
    c.add_argument("--count", type=int, default=1000000)
    c.add_argument("--seed", type=int, default=7)
    c.add_argument("--shared", default=default_shared)
    c.add_argument("--shard-size", type=int, default=10000)
    q = sub.add_parser("queries")
    q.add_argument("--db", required=True)
    q.add_argument("--out", required=True)
    q.add_argument("--seed", type=int, default=7)
    q.add_argument("--shared", default=default_shared)
    args = parser.parse_args()
    if args.command == "corpus":
        make_corpus(args)
    else:
        make_queries(args)


if __name__ == "__main__":
    main()
