# check.awk - the events an analyst codes in the founding article, looked
# up in parley's JSON Lines output: one line per expected event, "found" or
# "missing", then the actor codes seen and whether the page footer stayed
# out. Reads `parley code` JSONL on stdin.
function field(line, re,    s) {
    if (!match(line, re)) return ""
    s = substr(line, RSTART, RLENGTH)
    sub(/^"[a-z]+":"/, "", s); sub(/"$/, "", s)
    return s
}
function want(name, sent_re, src_re, tgt_re, code_re,    i, ok) {
    ok = 0
    for (i = 1; i <= n; i++)
        if (sent[i] ~ sent_re && src[i] ~ src_re && tgt[i] ~ tgt_re && code[i] ~ code_re) ok = 1
    printf "%-8s %s\n", ok ? "found" : "missing", name
}
function unwanted(name, sent_re, code_re,    i, bad) {
    bad = 0
    for (i = 1; i <= n; i++)
        if (sent[i] ~ sent_re && code[i] ~ code_re) bad = 1
    printf "%-8s %s\n", bad ? "CODED" : "absent", name
}
{
    n++
    sent[n] = field($0, "\"sentence\":\"([^\"\\\\]|\\\\.)*\"")
    s = $0; sub(/.*"source":\{"code":"/, "", s); sub(/".*/, "", s); src[n] = s
    t = $0; sub(/.*"target":\{"code":"/, "", t); sub(/".*/, "", t); tgt[n] = t
    code[n] = field($0, "\"cameo\":\"[0-9]*\"")
    codes[substr(src[n], 1, 3)] = 1; codes[substr(tgt[n], 1, 3)] = 1
    if (sent[n] ~ /Hank Peter|Learn More|Leave a Reply|email address/) footer = 1
}
END {
    want("Blinken travels to China (04x)", "traveling to China", "^USA", "^CHN", "^04")
    want("Blinken's phone call with Qin Gang (041)", "called his Chinese counterpart", "^USA", "^CHN", "^041")
    want("Blinken meets Wang Yi in Munich (04x)", "Munich", "^USA", "^CHN", "^04")
    want("Sullivan meets Wang Yi in Vienna (04x)", "Vienna", "^USA", "^CHN", "^04")
    want("US military shoots down the balloon (18x-20x)", "shot down", "^USA", "^CHN", "^(18|19|20)")
    want("US accuses China of spying (112)", "accused China of using", "^USA", "^CHN", "^112")
    want("US accuses China of an espionage program (112)", "espionage program", "^USA", "^CHN", "^112")
    want("China complains about the US (11x)", "complained", "^CHN", "^USA", "^11")
    want("China rejects the US accusation (12x)", "rejected", "^CHN", "^USA", "^12")
    want("Beijing threatens Taiwan (13x)", "against Taiwan", "^CHN", "^TWN", "^13")
    unwanted("no seizure in \"taking a tough stance on Beijing\" (17x)", "tough stance", "^17")
    printf "actors:";
    for (c in codes) if (c != "") list = list " " c
    # sort the three-letter prefixes for a stable line
    m = split(list, a, " "); for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { x = a[i]; a[i] = a[j]; a[j] = x }
    for (i = 1; i <= m; i++) printf " %s", a[i]
    printf "\nfooter: %s\n", footer ? "CODED (wrong)" : "nothing coded"
}
