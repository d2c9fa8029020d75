#!/bin/sh
# make_news_input.sh [OUT] [SIZE_MB] - write news-like JSON Lines for
# bench_code (the end-to-end benchmark of issue 5). Default OUT
# /tmp/parley-news.jsonl, SIZE_MB 60 (issue 5 asks for >= 50 MB).
#
# How the input is made (reproducible: Python's random.Random(5), so the
# same repository gives the same bytes):
#   - Sentence pool A: the "# text" lines of every UD English EWT document
#     (train, dev and test) whose newdoc id starts with "weblog-" (political
#     blogs such as juancole.com quoting Iraq and Middle East news) or
#     "newsgroup-" (news groups), sentences of 4 words or more.
#   - Sentence pool B: the founding article examples/000_08cbce3970801ee0.txt
#     (Blinken's visit to China), its paragraphs split after . ! or ?
#     followed by a space and a capital letter or quote.
#   - Each document: id "bench-NNNNNN", a date drawn uniformly from
#     2018-01-01..2024-12-31, a title (a heading of the article of 5 words or more,
#     or a pool-A sentence), and 3 to 8 paragraphs of 2 to 6 sentences; each sentence is
#     drawn from pool B with probability 0.25, otherwise from pool A.
#     Paragraphs are joined with a blank line ("\n\n").
#   - Documents are written until the file holds SIZE_MB * 10^6 bytes.
# Also writes OUT.about (this recipe in short, the command, the counts and
# the MD5 of OUT), which bench_code prints with its figures.
# Uses only sh and python3 (Debian's, standard library). Run from the
# repository root.
set -e
out=${1:-/tmp/parley-news.jsonl}
size_mb=${2:-60}
[ -f examples/000_08cbce3970801ee0.txt ] || { echo "make_news_input.sh: run from the repository root" >&2; exit 2; }
exec python3 - "$out" "$size_mb" <<'PY'
import hashlib, json, random, re, sys

out, size_mb = sys.argv[1], int(sys.argv[2])
pool_a = []
for split in ("train", "dev", "test"):
    keep = False
    with open("data/ud-en-ewt/en_ewt-ud-%s.conllu" % split, encoding="utf-8") as f:
        for line in f:
            if line.startswith("# newdoc id = "):
                did = line[len("# newdoc id = "):]
                keep = did.startswith("weblog-") or did.startswith("newsgroup-")
            elif keep and line.startswith("# text = "):
                s = line[len("# text = "):].strip()
                if len(s.split()) >= 4:
                    pool_a.append(s)
pool_b, titles = [], []
with open("examples/000_08cbce3970801ee0.txt", encoding="utf-8") as f:
    for para in f.read().split("\n\n"):
        para = " ".join(para.split())
        if not para:
            continue
        sents = re.split(r'(?<=[.!?])\s+(?=[A-Z"\u201c])', para)
        if len(sents) == 1 and not para.endswith((".", "!", "?")):
            if len(para.split()) >= 5:  # headings; not furniture such as "Leave a Reply"
                titles.append(para)
        else:
            pool_b.extend(sents)
rng = random.Random(5)
limit = size_mb * 1000 * 1000
written, n = 0, 0
with open(out, "w", encoding="utf-8") as f:
    while written < limit:
        n += 1
        date = "%04d-%02d-%02d" % (rng.randint(2018, 2024), rng.randint(1, 12), rng.randint(1, 28))
        title = rng.choice(titles) if rng.random() < 0.5 else rng.choice(pool_a)
        paras = []
        for _ in range(rng.randint(3, 8)):
            paras.append(" ".join(rng.choice(pool_b) if rng.random() < 0.25 else rng.choice(pool_a)
                                  for _ in range(rng.randint(2, 6))))
        rec = {"id": "bench-%06d" % n, "date": date, "title": title, "text": "\n\n".join(paras)}
        line = json.dumps(rec, ensure_ascii=False) + "\n"
        f.write(line)
        written += len(line.encode("utf-8"))
md5 = hashlib.md5(open(out, "rb").read()).hexdigest()
with open(out + ".about", "w", encoding="utf-8") as f:
    f.write("bench/make_news_input.sh %s %d: %d documents, %d bytes, md5 %s\n"
            % (out, size_mb, n, written, md5))
    f.write("documents of 3-8 paragraphs of 2-6 sentences, drawn with random.Random(5) from\n")
    f.write("%d sentences of the UD English EWT weblog-* and newsgroup-* documents (p = 0.75)\n"
            % len(pool_a))
    f.write("and %d sentences of examples/000_08cbce3970801ee0.txt (p = 0.25), dated 2018-2024\n"
            % len(pool_b))
sys.stderr.write("make_news_input.sh: %s: %d documents, %d bytes; pool A %d EWT weblog/newsgroup "
                 "sentences, pool B %d article sentences, %d titles\n"
                 % (out, n, written, len(pool_a), len(pool_b), len(titles)))
PY
