#!/usr/bin/env python3
"""tokenize_gen.py - write src/text/tokenize_table.c from UD English EWT train.

usage: python3 src/text/tokenize_gen.py data/ud-en-ewt/en_ewt-ud-train.conllu \
           > src/text/tokenize_table.c

Only the training file is read (never dev or test). What it learns:
  - abbreviations: words that keep their final period as one token (Dr., etc.)
    more often than they are followed by a separate "." token;
  - multiword tokens (cannot, gonna, dont) that are split into words more
    often than not, with the byte offsets of the cuts;
  - hyphen prefixes (non-, pre-, e-) and hyphenated words kept whole more
    often than split at the hyphen;
  - multi-character punctuation tokens (emoticons, '' ``) seen at least 3 times.
The news abbreviations and titles below are added by hand.
"""
import collections
import re
import sys

TITLES = """mr mrs ms messrs dr prof sen sens rep reps gov gen lt col sgt capt maj adm cmdr
cpl pvt brig rev fr hon pres supt det insp gens mt ft""".split()
ABBRS = """u.s u.k u.n u.s.a e.u etc vs inc corp co ltd llc jr sr st a.m p.m jan feb mar apr
jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun no nos est approx
dept univ ave blvd rd assn bros dist gov't e.g i.e cf al ca calif fla ill mass mich minn penn
tenn tex va wash wis conn ariz colo ga ky la md mo nev okla ore pa del ont attn ph.d""".split()
CASED = ["No", "Nos"]  # "no." at the end of a sentence is a word and a period


def clitic_rule(low):
    """The cuts pl_token_words' apostrophe rules make (a copy of them)."""
    b = low.encode()
    n = len(b)
    for cl in ("n't", "'s", "'re", "'ve", "'ll", "'d", "'m"):
        for apo in ("'", "`", "\u2019"):
            t = cl.replace("'", apo).encode()
            if n > len(t) and b.endswith(t):
                last = b[n - len(t) - 1]
                if last < 0x80 and not chr(last).isalnum():
                    return ()
                return (n - len(t),)
    if n >= 3 and b.endswith(b"s'"):
        return (n - 1,)
    if n >= 5 and b.endswith("s\u2019".encode()):
        return (n - 3,)
    return ()


def sentences(path):
    sent = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            if sent:
                yield sent
            sent = []
            continue
        if line.startswith("#"):
            continue
        sent.append(line.split("\t"))
    if sent:
        yield sent


def main():
    path = sys.argv[1]
    tok_count = collections.Counter()      # surface tokens
    mwt_split = {}                          # lower surface -> Counter of cut tuples
    abbr_kept = collections.Counter()
    abbr_split = collections.Counter()
    hyph_kept = collections.Counter()
    hyph_split = collections.Counter()
    whole_kept = collections.Counter()
    whole_split = collections.Counter()
    punct = collections.Counter()
    for sent in sentences(path):
        toks = []  # (form, space_after, words)
        i = 0
        while i < len(sent):
            c = sent[i]
            if "." in c[0]:
                i += 1
                continue
            if "-" in c[0]:
                a, b = map(int, c[0].split("-"))
                words = [sent[i + 1 + k][1] for k in range(b - a + 1)]
                toks.append((c[1], "SpaceAfter=No" not in c[9], words))
                i += b - a + 2
                continue
            toks.append((c[1], "SpaceAfter=No" not in c[9], [c[1]]))
            i += 1
        for k, (form, sp, words) in enumerate(toks):
            low = form.lower()
            tok_count[low] += 1
            if len(words) > 1 and "".join(words) == form:
                cuts, off = [], 0
                for w in words[:-1]:
                    off += len(w.encode())
                    cuts.append(off)
                mwt_split.setdefault(low, collections.Counter())[tuple(cuts)] += 1
            if re.fullmatch(r"[A-Za-z][A-Za-z.']*\.", form) and len(form) > 2:
                abbr_kept[low[:-1]] += 1
            if (not sp and k + 1 < len(toks) and toks[k + 1][0] == "."
                    and re.fullmatch(r"[A-Za-z][A-Za-z.']*", form)):
                abbr_split[low] += 1
            m = re.fullmatch(r"([A-Za-z]+)-[A-Za-z0-9]+(-[A-Za-z0-9]+)*", form)
            if m:
                hyph_kept[m.group(1).lower()] += 1
                whole_kept[low] += 1
            if (not sp and k + 2 < len(toks) and toks[k + 1][0] in ("-", "\u2010")
                    and not toks[k + 1][1] and re.fullmatch(r"[A-Za-z]+", form)
                    and re.fullmatch(r"[A-Za-z0-9]+", toks[k + 2][0])):
                hyph_split[low] += 1
                whole_split[low + "-" + toks[k + 2][0].lower()] += 1
            if len(form) >= 2 and not re.search(r"\w", form):
                punct[form] += 1
    # multiword tokens: split more often than not
    mwt = {}
    for low, cuts in mwt_split.items():
        n = sum(cuts.values())
        best = cuts.most_common(1)[0][0]
        # seen 3 times, split more often than not, and not what the clitic
        # rules of tokenize.c (pl_token_words) give anyway
        if n >= 3 and n * 2 > tok_count[low] and len(low.encode()) < 32 \
                and clitic_rule(low) != best:
            mwt[low] = best
    titles = set(TITLES)
    anys = set(a for a in ABBRS if a not in titles)
    for w, n in abbr_kept.items():
        if n > abbr_split[w] and n >= 2 and w not in titles and len(w) < 31:
            anys.add(w)
    prefixes = set(p for p, n in hyph_kept.items() if n > hyph_split[p])
    wholes = set(w for w, n in whole_kept.items()
                 if n > whole_split[w] and w.split("-")[0] not in prefixes and len(w) < 63)
    # runs of one character are handled by rules; keep the rest
    puncts = set(p for p, n in punct.items()
                 if n >= 3 and len(set(p)) > 1 and not re.fullmatch(r"[.!?]+", p))

    def key(s):
        return s.encode()

    def strlist(name, items, comment):
        out = ["/* %s */" % comment, "const char *const %s[] = {" % name]
        for s in sorted(items, key=key):
            out.append("    \"%s\"," % s.replace("\\", "\\\\").replace("\"", "\\\""))
        out.append("};")
        out.append("const size_t %s_n = sizeof %s / sizeof %s[0];" % (name, name, name))
        out.append("")
        return "\n".join(out)

    print("/* tokenize_table.c - GENERATED by src/text/tokenize_gen.py from")
    print(" * data/ud-en-ewt/en_ewt-ud-train.conllu (CC BY-SA 4.0); do not edit. */")
    print('#include "text/tokenize.h"\n')
    print(strlist("pl_abbr_title", titles, "titles: never end a sentence"))
    print(strlist("pl_abbr_any", anys, "abbreviations that keep their period"))
    print(strlist("pl_abbr_cased", CASED, "abbreviations only in this case"))
    print(strlist("pl_hyph_prefix", prefixes, "first parts that keep a hyphenated word whole"))
    print(strlist("pl_hyph_word", wholes, "hyphenated words kept whole"))
    print(strlist("pl_punct", puncts, "multi-character punctuation tokens"))
    print("/* multiword tokens without a clitic apostrophe rule */")
    print("const pl_mwt_entry pl_mwt[] = {")
    for low in sorted(mwt, key=key):
        cuts = list(mwt[low]) + [0] * (3 - len(mwt[low]))
        s = low.replace("\\", "\\\\").replace("\"", "\\\"")
        print("    {\"%s\", {%s}}," % (s, ", ".join(str(c) for c in cuts[:3])))
    print("};")
    print("const size_t pl_mwt_n = sizeof pl_mwt / sizeof pl_mwt[0];")
    bits = 4096  # PL_MWT_BLOOM_BITS
    bloom = [0] * (bits // 8)
    for low in mwt:
        h = 0xcbf29ce484222325
        for c in low.encode():
            h = ((h ^ c) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
        for b in (h & (bits - 1), (h >> 20) & (bits - 1)):
            bloom[b >> 3] |= 1 << (b & 7)
    # first/last letter filter: ends[first] has bit last set (a-z = 0-25, else 26)
    def li(ch):
        c = ch.lower()
        return ord(c) - 97 if "a" <= c <= "z" else 26
    ends = [0] * 27
    for low in mwt:
        ends[li(low[0])] |= 1 << li(low[-1])
    print("const uint32_t pl_mwt_ends[27] = {")
    print("    " + ", ".join("0x%07x" % x for x in ends) + ",")
    print("};")
    print("const uint8_t pl_mwt_bloom[PL_MWT_BLOOM_BITS / 8] = {")
    for i in range(0, len(bloom), 16):
        print("    " + ", ".join(str(x) for x in bloom[i:i + 16]) + ",")
    print("};")


main()
