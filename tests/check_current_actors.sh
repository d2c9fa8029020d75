#!/bin/sh
# check_current_actors.sh [FILE...] - check that a Phoenix-format actor dictionary written
# for parley (default: data/dict/Parley.Current.actors.txt) is well formed:
#   - every non-blank, non-comment line is a base line (NAME_ then optional "# comment"),
#     a synonym line (+NAME) or a tab-indented code line (\t[CODE] or \t[CODE DATE]);
#   - names use A-Z 0-9 _ . ' - or non-ASCII letters (UTF-8), base names end in '_';
#   - base lines carry a "# source: ..." comment (parley policy for this file);
#   - synonyms follow the base line and come before the code lines; each record has codes;
#   - brackets balanced; CODE is 3+ upper-case letters, or --- (no country) and a role
#     (---REB); DATE is YYMMDD-YYMMDD, >YYMMDD or
#     <YYMMDD with a real month and day (YY 00-30 = 20YY, else 19YY) and start <= end;
#   - no base name twice in the file; no name (base or synonym, trailing '_' ignored)
#     shared by two records; no name twice within one record.
# Prints one "FILE:LINE: message" line per problem on stdout, then "FILE: ok" or
# "FILE: N errors"; counts go to stderr. Exit 0 = all files ok, 1 = problems, 2 = usage.
#
# check_current_actors.sh --overlap FILE OTHER... - information only: list the names (base or
# synonym, trailing '_' ignored) of FILE that also occur in the OTHER dictionaries (e.g. the
# Phoenix actor files), as "NAME<TAB>OTHER-FILE", then a count; exit 0.
if [ "$1" = "--overlap" ]; then
    shift
    [ $# -ge 2 ] || { echo "usage: check_current_actors.sh --overlap FILE OTHER..." >&2; exit 2; }
    mine=$1; shift
    for f in "$mine" "$@"; do
        [ -r "$f" ] || { echo "check_current_actors: cannot read $f" >&2; exit 2; }
    done
    LC_ALL=C awk -v MINE="$mine" '
    function key(s) { sub(/^\+/, "", s); sub(/#.*/, "", s); sub(/[ \t].*/, "", s); sub(/_$/, "", s); return s }
    /^#/ || /^[ \t]*$/ || /^[ \t]/ { next }
    FILENAME != MINE { k = key($0); if (k != "" && !(k in other)) other[k] = FILENAME; next }
    { k = key($0); if (k in other && !(k in seen)) { seen[k] = 1; printf "%s\t%s\n", k, other[k]; n++ } }
    END { printf "%d names shared\n", n }' "$@" "$mine"
    exit 0
fi
[ $# -eq 0 ] && set -- data/dict/Parley.Current.actors.txt
status=0
for f in "$@"; do
    if [ ! -r "$f" ]; then
        echo "check_current_actors: cannot read $f" >&2
        exit 2
    fi
    LC_ALL=C awk -v F="$f" '
    function err(msg) { printf "%s:%d: %s\n", F, NR, msg; nerr++ }
    function leap(y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
    # returns YYYYMMDD as a number, or -1 if not a valid 6-digit date
    function date6(s,   yy, mm, dd, y, dim) {
        if (s !~ /^[0-9][0-9][0-9][0-9][0-9][0-9]$/) return -1
        yy = substr(s, 1, 2) + 0; mm = substr(s, 3, 2) + 0; dd = substr(s, 5, 2) + 0
        y = (yy <= 30) ? 2000 + yy : 1900 + yy
        if (mm < 1 || mm > 12 || dd < 1) return -1
        dim = substr("312831303130313130313031", 2 * mm - 1, 2) + 0
        if (mm == 2 && leap(y)) dim = 29
        if (dd > dim) return -1
        return y * 10000 + mm * 100 + dd
    }
    function checkname(n, what,   t, i, c) {
        if (n == "" || n == "_") { err("empty " what); return 0 }
        t = n
        gsub(/[A-Z0-9_.'"'"'-]/, "", t)
        for (i = 1; i <= length(t); i++) {
            c = substr(t, i, 1)
            if (index(ASCII, c) > 0) { err(what " \"" n "\" has character \"" c "\" (use A-Z 0-9 _ . '"'"' - or UTF-8 letters)"); return 0 }
        }
        if (n ~ /__/) { err(what " \"" n "\" has an empty word (__)"); return 0 }
        return 1
    }
    function addname(n, kind,   k) {
        k = n; sub(/_$/, "", k)
        if (k in owner) {
            if (owner[k] == rec) err(kind " \"" n "\" repeats a name of the same record")
            else err(kind " \"" n "\" collides with the record at line " owner[k] " (" ownername[k] ")")
            return
        }
        owner[k] = rec; ownername[k] = recname
    }
    function endrec() {
        if (rec > 0 && ncode == 0) { printf "%s:%d: record \"%s\" has no code line\n", F, rec, recname; nerr++ }
    }
    BEGIN {
        for (i = 32; i < 127; i++) ASCII = ASCII sprintf("%c", i)
        ASCII = ASCII "\t"
        rec = 0; ncode = 0; state = 0; nerr = 0
    }
    { sub(/\r$/, "") }
    /^[ \t]*$/ { next }
    /^#/ { next }
    {
        line = $0
        body = line; cpos = index(body, "#")
        comment = ""
        if (cpos > 0) { comment = substr(body, cpos); body = substr(body, 1, cpos - 1) }
        sub(/[ \t]+$/, "", body)
        ob = gsub(/\[/, "[", body); cb = gsub(/\]/, "]", body)
        if (ob != cb) { err("unbalanced brackets"); next }
    }
    /^\t/ {
        if (state == 0) { err("code line before any base line"); next }
        s = body; sub(/^\t/, "", s)
        if (s !~ /^\[/) { err("indented line is not a [CODE] line"); next }
        while (s != "") {
            if (s !~ /^\[[^][]*\]/) { err("malformed code group \"" s "\""); next }
            g = substr(s, 2, index(s, "]") - 2)
            s = substr(s, index(s, "]") + 1); sub(/^[ \t]+/, "", s)
            n = split(g, p, " ")
            if (n < 1 || n > 2) { err("code group \"[" g "]\" must be [CODE] or [CODE DATE]"); continue }
            if (p[1] !~ /^([A-Z][A-Z][A-Z]|---)[A-Z]*$/) { err("code \"" p[1] "\" is not 3+ upper-case letters (or --- and a role)"); continue }
            if (n == 2) {
                d = p[2]
                if (d ~ /^[<>]/) {
                    if (date6(substr(d, 2)) < 0) err("bad date \"" d "\" (want >YYMMDD or <YYMMDD)")
                } else if (d ~ /^[0-9]+-[0-9]+$/) {
                    split(d, q, "-"); a = date6(q[1]); b = date6(q[2])
                    if (a < 0 || b < 0) err("bad date range \"" d "\" (want YYMMDD-YYMMDD)")
                    else if (a > b) err("date range \"" d "\" ends before it starts")
                } else err("bad date \"" d "\"")
            }
            ncode++; totcode++
        }
        state = 2
        next
    }
    /^\+/ {
        if (state == 0) { err("synonym before any base line"); next }
        if (state == 2) { err("synonym after the code lines of its record"); next }
        n = body; sub(/^\+/, "", n)
        if (n ~ /[ \t]/) { err("synonym \"" n "\" has a space or tab"); next }
        if (checkname(n, "synonym")) addname(n, "synonym")
        totsyn++
        next
    }
    /^[^ ]/ {
        endrec()
        n = body
        if (n ~ /[ \t]/) { err("base line \"" n "\": codes on the base line or a space in the name (put codes on tab-indented lines)"); n = substr(n, 1, index(n " ", " ") - 1) }
        rec = NR; recname = n; ncode = 0; state = 1; totrec++
        if (!checkname(n, "base name")) next
        if (n !~ /_$/) err("base name \"" n "\" does not end in _")
        if (comment !~ /^# source: [^ ]/) err("base line \"" n "\" has no \"# source: ...\" comment")
        k = n; sub(/_$/, "", k)
        if (k in base) { err("duplicate base name \"" n "\" (first at line " base[k] ")"); next }
        base[k] = NR
        addname(n, "base name")
        next
    }
    { err("line starts with a space (code lines must be indented with one tab)") }
    END {
        endrec()
        printf "%s: %d records, %d synonyms, %d code lines\n", F, totrec, totsyn, totcode > "/dev/stderr"
        if (nerr) { printf "%s: %d error%s\n", F, nerr, nerr == 1 ? "" : "s"; exit 1 }
        printf "%s: ok\n", F
    }' "$f" || status=1
done
exit $status
