#!/usr/bin/env python3
"""browser.py URL - drive parley serve's page in headless Chromium as a user
would, through chromedriver's WebDriver protocol (plain HTTP and JSON, so
the standard library suffices): the chart renders, clicking a period lists
its events, clicking an event shows its sentences with the actors and the
trigger marked and its sources, and the map is drawn.

Prints one "ok   serve/browser-..." or "FAIL serve/browser-..." line per
check; exit status 1 if any failed, 77 if chromium or chromedriver is
missing.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C WebDriver element key


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Driver:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.sid = None

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return json.load(r).get("value")
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"webdriver {method} {path}: {e.read().decode()[:300]}") from None

    def session(self, profile):
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": shutil.which("chromium"),
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--no-first-run", "--window-size=1400,1000", f"--user-data-dir={profile}"]}}}}
        self.sid = self.call("POST", "/session", caps)["sessionId"]

    def s(self, path):
        return f"/session/{self.sid}{path}"

    def js(self, script):
        return self.call("POST", self.s("/execute/sync"), {"script": script, "args": []})

    def find(self, css):
        return self.call("POST", self.s("/element"), {"using": "css selector", "value": css})[ELEMENT]

    def click(self, css):
        self.call("POST", self.s(f"/element/{self.find(css)}/click"), {})

    def wait(self, script, seconds=20):
        end = time.time() + seconds
        while time.time() < end:
            v = self.js(script)
            if v:
                return v
            time.sleep(0.1)
        return None


def main(url):
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        print("skip serve/browser: chromium or chromedriver not installed (scripts/deps.sh)")
        return 77
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="chromedriver-", suffix=".log", delete=False)
    drv_proc = subprocess.Popen(["chromedriver", f"--port={port}"], stdout=log, stderr=log)
    profile = tempfile.mkdtemp(prefix="parley-chromium-")
    failed = 0

    def check(name, ok, detail=""):
        nonlocal failed
        print(("ok   " if ok else "FAIL ") + "serve/browser-" + name + ("" if ok else f" ({detail})"))
        failed += 0 if ok else 1

    try:
        d = Driver(port)
        for _ in range(100):  # chromedriver takes a moment to listen
            try:
                d.call("GET", "/status")
                break
            except (OSError, RuntimeError):
                time.sleep(0.1)
        d.session(profile)
        d.call("POST", d.s("/url"), {"url": url})
        state = d.wait("return document.body.dataset.state")
        status = d.js("return document.getElementById('status').textContent")
        check("chart-loads", state == "chart", f"state {state!r}, status {status!r}")
        bars = d.js("return document.querySelectorAll('#chart svg rect[data-period]').length")
        lines = d.js("return document.querySelectorAll('#chart svg polyline').length")
        check("chart-renders", bars >= 1 and lines == 2, f"{bars} clickable bars, {lines} lines")
        check("map-renders",
              d.wait("return document.querySelectorAll('#map svg path').length > 100") is True,
              "fewer than 100 country outlines")
        # the busiest period: the highest bar
        period = d.js("""let best = null, h = -1;
            for (const r of document.querySelectorAll('#chart svg rect[data-period]')) {
              const x = parseFloat(r.getAttribute('height')); if (x > h) { h = x; best = r; } }
            best.id = 'busiest'; return best.dataset.period;""")
        d.click("#busiest")
        state = d.wait("return document.body.dataset.state === 'events' && document.body.dataset.state")
        rows = d.js("return document.querySelectorAll('#events tbody tr').length")
        check("click-period-lists-events", state == "events" and rows > 0,
              f"period {period}: state {state!r}, {rows} rows")
        in_period = d.js("""return [...document.querySelectorAll('#events tbody tr td:first-child')]
            .every(td => td.textContent.startsWith(arguments[0] || ''))""".replace(
            "arguments[0] || ''", json.dumps(period[:7])))
        check("events-in-period", in_period is True, f"a listed event is outside {period}")
        marked = d.js("return document.querySelectorAll('#map svg path.actor, #map svg path.place').length")
        check("map-marks-countries", marked >= 1, f"{marked} countries marked")
        d.click("#events tbody tr")
        state = d.wait("return document.body.dataset.state === 'detail' && document.body.dataset.state")
        info = d.js("""const m = document.querySelector('#detail .mention');
            if (!m) return null;
            const t = (sel) => { const e = m.querySelector(sel); return e ? e.textContent : null; };
            const row = document.querySelector('#events tbody tr.selected');
            return {trigger: t('mark.trigger'), source: t('mark.source'), target: t('mark.target'),
                    sentence: t('p.sentence'), doc: t('dl dd'), mentions:
                    document.querySelectorAll('#detail .mention').length,
                    title: document.getElementById('event-title').textContent,
                    row: row && row.dataset.id}""")
        check("click-event-shows-detail", state == "detail" and info and info["mentions"] >= 1,
              f"state {state!r}, {info}")
        if info:
            check("sentence-marks-trigger",
                  bool(info["trigger"]) and info["trigger"] in (info["sentence"] or ""), str(info))
            check("sentence-marks-actors", bool(info["source"] or info["target"]), str(info))
            check("event-is-the-clicked-one", info["row"] is not None and
                  info["title"].startswith("#" + info["row"] + " "), str(info))
            check("sources-shown", bool(info["doc"]), str(info))
        # a bad dyad: an error in the status line, not a broken page
        d.js("document.getElementById('a').value = 'x'; document.getElementById('a').removeAttribute('pattern');")
        d.click("#show")
        state = d.wait("return document.body.dataset.state === 'error' && 'error'")
        msg = d.js("return document.getElementById('status').textContent")
        check("bad-dyad-shows-error", state == "error" and "3-15" in (msg or ""), f"{state!r} {msg!r}")
    except Exception as e:  # a broken driver is a failed check, with what broke
        check("driver", False, str(e)[:400])
    finally:
        try:
            if d.sid:
                d.call("DELETE", f"/session/{d.sid}")
        except Exception:
            pass
        drv_proc.terminate()
        drv_proc.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)
        log.close()
        if failed:
            print(open(log.name, encoding="utf-8", errors="replace").read()[-2000:])
        os.unlink(log.name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
