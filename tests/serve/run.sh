#!/bin/sh
# run.sh PARLEY - `parley serve` tested as a user would: build a small store
# with `parley ingest` from examples/ (and the founding article's copies from
# three outlets), start the server on a free loopback port, call every route
# with good and bad input (curl), check the limits (target, parameters,
# headers, body, connections, idle timeout), read while an
# ingest writes, drive the page in headless Chromium (tests/serve/browser.py),
# and stop it with SIGTERM. Ends "serve: N passed, N failed".
PARLEY=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
d=$(mktemp -d)
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    rm -rf "$d"
}
trap cleanup EXIT
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "ok   serve/$1"; }
bad() { fail=$((fail + 1)); echo "FAIL serve/$1${2:+ ($2)}"; }

# start_server NAME ARGS...: runs parley serve on a free port (--port 0)
# and sets $port once it says where it listens
start_server() {
    name=$1; shift
    : >"$d/$name.err"
    "$PARLEY" serve --port 0 "$@" 2>"$d/$name.err" &
    server=$!
    pids="$pids $server"
    port=""
    for _ in $(seq 100); do
        port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$d/$name.err")
        [ -n "$port" ] && break
        kill -0 "$server" 2>/dev/null || break
        sleep 0.1
    done
}

# req NAME STATUS PATTERN CURL-ARGS...: the response has STATUS and its body
# matches the extended regular expression PATTERN
req() {
    name=$1 want=$2 pat=$3; shift 3
    got=$(curl -s -o "$d/body" -w '%{http_code}' --max-time 20 "$@")
    if [ "$got" = "$want" ] && grep -Eq -- "$pat" "$d/body"; then
        ok "$name"
    else
        bad "$name" "status $got, want $want; body: $(head -c 300 "$d/body")"
    fi
}

# the store: the founding article (dated) and its copies from other outlets
"$PARLEY" ingest --quiet --db "$d/s.sqlite" --date 2023-06-14 examples/000_08cbce3970801ee0.txt \
    tests/golden/store_founding/copies.jsonl 2>"$d/ingest.err" || { cat "$d/ingest.err"; }
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$d/token"
chmod 600 "$d/token"
token=$(cat "$d/token")

start_server main --db "$d/s.sqlite" --token-file "$d/token" --threads 4 --query-ms 5000
if [ -z "$port" ]; then
    bad start "$(cat "$d/main.err")"
    echo "serve: $pass passed, $((fail + 1)) failed"
    exit 1
fi
ok start
u="http://127.0.0.1:$port"
J='application/json'

# --- routes, good input
req health 200 '"status":"ok".*"coding":true' "$u/api/health"
req events 200 '"events":\[\{"event_id":' "$u/api/events"
req events-dyad 200 '"source":\{"code":"USA[A-Z]*".*"target":\{"code":"CHN' "$u/api/events?dyad=USA,CHN&limit=5"
req events-filters 200 '"events":\[' "$u/api/events?actor=CHN&from=2023-01-01&to=2023-12-31&root=04&cameo=04&quad=1"
req events-place 200 '"events":\[\],"count":0' "$u/api/events?place=Atlantis&country=ATL"
req events-doc 200 '"count":[1-9]' "$u/api/events?doc=000_08cbce3970801ee0"
req events-page-1 200 '"count":2,"offset":0,"limit":2,"next_offset":2' "$u/api/events?limit=2"
# page 2 starts where page 1 ended: no event twice
curl -s "$u/api/events?limit=2" | grep -o '"event_id":[0-9]*' >"$d/p1"
curl -s "$u/api/events?limit=2&offset=2" | grep -o '"event_id":[0-9]*' >"$d/p2"
curl -s "$u/api/events?limit=4" | grep -o '"event_id":[0-9]*' >"$d/p12"
if [ -s "$d/p2" ] && cat "$d/p1" "$d/p2" | cmp -s - "$d/p12"; then ok paging; else bad paging; fi
req events-last-page 200 '"next_offset":null' "$u/api/events?limit=1000"
id=$(curl -s "$u/api/events?dyad=USA,CHN&limit=1" | sed -n 's/^{"events":\[{"event_id":\([0-9]*\).*/\1/p')
req event-detail 200 '"mentions":\[\{"mention_id":[0-9]+,"sentence_index":[0-9]+,"sentence":"' "$u/api/events/$id"
req event-provenance 200 '"pattern":\{"text":"[^"]*","file":"[^"/]+","line":[0-9]+\}.*"document":\{"id":"' "$u/api/events/$id"
# the marked spans are where the texts are
curl -s "$u/api/events/$id" >"$d/ev.json"
if python3 - "$d/ev.json" <<'EOF'
import json, sys
e = json.load(open(sys.argv[1]))
n = 0
for m in e["mentions"]:
    s = m["sentence"].encode()
    for role in ("source", "target", "trigger"):
        x = m[role]
        if x["start"] is not None:
            assert s[x["start"]:x["end"]].decode() == x["text"], (role, x)
            n += 1
assert n >= 2 and len(e["mentions"]) == e["num_mentions"] == e["mentions_shown"], n
EOF
then ok event-spans; else bad event-spans; fi
req relations 200 '"periods":\[\{"type":"period","period":"2023-0[0-9]","direction":"USA->CHN"' "$u/api/relations?a=USA&b=CHN&by=month"
req relations-week 200 '"by":"week"' "$u/api/relations?a=USA&b=CHN&by=week"
req relations-svg 200 '^<svg ' "$u/api/relations?a=USA&b=CHN&format=svg"
req relations-csv 200 '^period,' "$u/api/relations?a=USA&b=CHN&format=csv"
req page 200 '<script src="/app.js"' "$u/"
req page-js 200 'showRelations' "$u/app.js"
req page-css 200 'mark.trigger' "$u/style.css"
req page-map 200 '"USA":\{"d":"M' "$u/countries.json"
# nothing on the page comes from elsewhere (works offline, no CDN)
if grep -Eq '(src|href)="(https?:)?//' data/serve/index.html ||
    grep -Eq "(import|fetch)\(['\"](https?:)?//" data/serve/app.js; then
    bad page-offline "an outside address in data/serve"
else ok page-offline; fi
req head 200 'Content-Type: application/json' -I "$u/api/health"
req code 200 '"events":\[\{.*"cameo":"[0-9]+"' -H "Authorization: Bearer $token" \
    --data-binary 'The US military shot down a suspected Chinese spy balloon off the American coast.' \
    "$u/api/code?date=2023-02-04"
req code-json 200 '"id":"balloon","date":"2023-02-04".*"events":\[\{' -H "Authorization: Bearer $token" \
    -H "Content-Type: $J" --data-binary '{"text":"China accused the United States of overreacting.","date":"2023-02-04","id":"balloon"}' \
    "$u/api/code"

# --- routes, bad input: a JSON error with its status
req no-route 404 '"error":\{"status":404' "$u/api/nothing"
req no-page 404 '"error":\{"status":404' "$u/etc/passwd"
req traversal 404 '"status":404' --path-as-is "$u/../../etc/passwd"
req event-missing 404 '"message":"no event 999999"' "$u/api/events/999999"
req event-bad-id 400 '"status":400' "$u/api/events/1x"
req event-huge-id 400 '"status":400' "$u/api/events/12345678901234567890"
req event-params 400 'unknown parameter' "$u/api/events/1?x=1"
req unknown-param 400 "unknown parameter 'bogus'" "$u/api/events?bogus=1"
req bad-date 400 "want YYYY-MM-DD" "$u/api/events?from=2023-02-30"
req bad-dyad 400 'SOURCE,TARGET' "$u/api/events?dyad=USA"
req bad-quad 400 '1 to 4' "$u/api/events?quad=7"
req bad-limit 400 'from 1 to 1000' "$u/api/events?limit=100000"
req bad-offset 400 'offset' "$u/api/events?offset=-1"
req deep-page 400 'at most 100000' "$u/api/events?offset=99999&limit=1000"
req repeated-param 400 'repeated' "$u/api/events?limit=1&limit=2"
req no-value 400 "without '=value'" "$u/api/events?limit"
req bad-escape 400 'percent escape' "$u/api/events?actor=%zz"
req nul-escape 400 'percent escape' "$u/api/events?actor=%00"
req not-utf8 400 'UTF-8' "$u/api/events?actor=%ff%fe"
req bad-key 400 'parameter name' "$u/api/events?A%20B=1"
req relations-missing 400 'need a and b' "$u/api/relations?a=USA"
req relations-bad-actor 400 '3-15 capital' "$u/api/relations?a=USA&b=ch%3Bina"
req relations-bad-by 400 'day, week or month' "$u/api/relations?a=USA&b=CHN&by=year"
req relations-bad-format 400 'json, svg or csv' "$u/api/relations?a=USA&b=CHN&format=pdf"
req host-rebinding 403 'Host header' -H 'Host: evil.example:8080' "$u/api/health"
req host-localhost 200 '"status":"ok"' -H "Host: localhost:$port" "$u/api/health"
req method 405 'method not allowed' -X DELETE "$u/api/events"
req code-get 405 'use POST' "$u/api/code"
req code-no-token 401 '"status":401' --data-binary 'text' "$u/api/code"
req code-bad-token 403 'wrong token' -H 'Authorization: Bearer 0123456789abcdef0123' --data-binary 'text' "$u/api/code"
req code-basic-auth 403 'wrong token' -u "user:$token" --data-binary 'text' "$u/api/code"
req code-bad-json 400 'request body, line 1' -H "Authorization: Bearer $token" --data-binary '{"text": ' "$u/api/code"
req code-no-text 400 'want \{' -H "Authorization: Bearer $token" --data-binary '{"txt":"x"}' "$u/api/code"
req code-bad-date 400 'calendar date' -H "Authorization: Bearer $token" --data-binary 'text' "$u/api/code?date=2023-02-30"
req code-empty 400 'no text' -H "Authorization: Bearer $token" --data-binary '' -X POST "$u/api/code"

# --- limits
long=$(python3 -c 'print("a" * 3000)')
req target-too-long 414 '"status":414' "$u/api/events?actor=$long"
many=$(python3 -c 'print("&".join("k%d=1" % i for i in range(17)))')
req too-many-params 400 'too many' "$u/api/events?$many"
value=$(python3 -c 'print("A" * 300)')
req value-too-long 400 'value too long' "$u/api/events?actor=$value"
# headers beyond the connection's 32 KB: refused by the HTTP layer
got=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $(python3 -c 'print("x" * 40000)')" "$u/api/health")
case $got in 431|413|400) ok header-too-large ;; *) bad header-too-large "status $got" ;; esac
python3 -c 'import sys; sys.stdout.write("x" * (1024 * 1024 + 1))' >"$d/big"
req body-too-large 413 '"status":413' -H "Authorization: Bearer $token" --data-binary "@$d/big" "$u/api/code"
req body-too-large-chunked 413 '"status":413' -H "Authorization: Bearer $token" -H 'Transfer-Encoding: chunked' \
    --data-binary "@$d/big" "$u/api/code"
# without credentials the body is not even read
req body-no-token 401 '"status":401' --data-binary "@$d/big" "$u/api/code"
req still-up 200 '"status":"ok"' "$u/api/health"

# --- readers while an ingest writes the same store
head -n 60 data/wikinews/dev.jsonl >"$d/more.jsonl"
before=$(curl -s "$u/api/events?limit=1000" | sed -n 's/.*"count":\([0-9]*\).*/\1/p')
"$PARLEY" ingest --quiet --batch 5 --db "$d/s.sqlite" "$d/more.jsonl" 2>"$d/ingest2.err" &
ingest=$!
pids="$pids $ingest"
n=0; errors=0
while kill -0 "$ingest" 2>/dev/null && [ $n -lt 400 ]; do
    for path in "/api/events?limit=50" "/api/relations?a=USA&b=CHN" "/api/events/1" "/api/health"; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 "$u$path")
        n=$((n + 1))
        [ "$code" = 200 ] || errors=$((errors + 1))
    done
done
wait "$ingest"; irc=$?
after=$(curl -s "$u/api/events?limit=1000" | sed -n 's/.*"count":\([0-9]*\).*/\1/p')
if [ "$irc" -eq 0 ] && [ "$errors" -eq 0 ] && [ "$n" -gt 0 ] && [ "${after:-0}" -gt "${before:-0}" ]; then
    ok "read-during-ingest ($n requests while ingesting, all 200; events $before -> $after)"
else
    bad read-during-ingest "ingest exit $irc, $errors of $n requests failed, events $before -> $after; $(head -c 300 "$d/ingest2.err")"
fi

# --- the page in headless Chromium
python3 "$here/browser.py" "$u/?a=USA&b=CHN&by=month" >"$d/browser.out" 2>&1
brc=$?
cat "$d/browser.out"
pass=$((pass + $(grep -c '^ok ' "$d/browser.out")))
fail=$((fail + $(grep -c '^FAIL ' "$d/browser.out")))
[ "$brc" -ne 0 ] && [ "$brc" -ne 77 ] && ! grep -q '^FAIL ' "$d/browser.out" && bad browser "exit $brc"

# --- stop: SIGTERM ends it cleanly
kill -TERM "$server"
wait "$server"; src=$?
if [ "$src" -eq 0 ] && grep -q 'stopping' "$d/main.err"; then ok sigterm; else bad sigterm "exit $src"; fi

# --- connections and the idle timeout, on a second server (the query time
# limit is tested in tests/test_serve.c, on a store big enough to need it)
start_server small --db "$d/s.sqlite" --max-connections 2 --timeout 2 --threads 1
if [ -n "$port" ]; then
    u="http://127.0.0.1:$port"
    if python3 - "$port" <<'EOF'
import socket, sys, time, urllib.request
port = int(sys.argv[1])
def get():
    t = time.time()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=10) as r:
        return r.status, time.time() - t
free = get()
# two silent clients take both connections: a third waits for a slot until
# the idle timeout (2 s) closes them
idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(2)]
time.sleep(0.2)
full = get()
closed = [s.recv(1) == b"" for s in idle]
print(f"free: {free[1]:.2f} s; with both connections held: {full[1]:.2f} s; idle ones closed: {closed}")
sys.exit(0 if free[0] == full[0] == 200 and free[1] < 0.5 and 1.0 < full[1] < 8 and all(closed) else 1)
EOF
    then ok connection-limit-and-timeout; else bad connection-limit-and-timeout; fi
    req small-still-up 200 '"status":"ok"' "$u/api/health"
    kill -TERM "$server"; wait "$server"
else
    bad start-small "$(cat "$d/small.err")"
fi

# --- starting errors
"$PARLEY" serve --db "$d/none.sqlite" --port 0 2>"$d/e1"; rc=$?
if [ $rc -eq 1 ] && grep -q 'none.sqlite' "$d/e1"; then ok missing-store; else bad missing-store "exit $rc: $(cat "$d/e1")"; fi
echo short >"$d/short"
"$PARLEY" serve --db "$d/s.sqlite" --port 0 --token-file "$d/short" 2>"$d/e2"; rc=$?
if [ $rc -eq 1 ] && grep -q '16 to 256' "$d/e2"; then ok short-token; else bad short-token "exit $rc: $(cat "$d/e2")"; fi
"$PARLEY" serve --db "$d/s.sqlite" --bind 999.1.1.1 2>"$d/e3"; rc=$?
if [ $rc -eq 2 ] && grep -q 'IPv4' "$d/e3"; then ok bad-bind; else bad bad-bind "exit $rc: $(cat "$d/e3")"; fi

echo "serve: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
