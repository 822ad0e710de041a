#!/usr/bin/env python3
"""Time from saving an article to the reload event of `kbgen serve`.

    bench/serve_reload.py KBGEN SITE_DIR [EDITS]

Starts `KBGEN serve` in SITE_DIR on a free port, listens to its live-reload
event stream like an open page does, then appends one line to an article
EDITS times (default 10), each time measuring how long until the server
announces a new generation. The article is restored afterwards. Prints each
time and the median, and the time of the full rebuild that follows.
"""

import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_article(content):
    for folder, _, files in sorted(os.walk(content)):
        for name in sorted(files):
            if name.endswith(".md") and name != "index.md":
                return os.path.join(folder, name)
    raise SystemExit("no article found")


def main():
    kbgen, site = os.path.abspath(sys.argv[1]), sys.argv[2]
    edits = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    port = free_port()
    log = open(os.path.join(site, ".serve-bench.log"), "w")
    server = subprocess.Popen([kbgen, "serve", "--port", str(port)], cwd=site,
                              stdout=log, stderr=subprocess.STDOUT)
    article = first_article(os.path.join(site, "content"))
    original = open(article, encoding="utf-8").read()
    events = []
    arrived = threading.Condition()

    def listen():
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                conn.request("GET", "/__kbgen/events")
                response = conn.getresponse()
                break
            except OSError:
                time.sleep(0.2)
        for raw in response:
            line = raw.decode().strip()
            if line.startswith("data:"):
                state = json.loads(line[5:])
                with arrived:
                    events.append((time.perf_counter(), state))
                    arrived.notify_all()

    threading.Thread(target=listen, daemon=True).start()

    def wait_for(count, timeout=600):
        with arrived:
            arrived.wait_for(lambda: len(events) >= count, timeout)
            return len(events) >= count

    try:
        if not wait_for(1):
            raise SystemExit("the server did not start")
        time.sleep(1)
        times = []
        for i in range(edits):
            seen = len(events)
            started = time.perf_counter()
            with open(article, "a", encoding="utf-8") as f:
                f.write(f"\nOne more line, edit {i}.\n")
            if not wait_for(seen + 1, 60):
                raise SystemExit("no reload event")
            times.append((events[seen][0] - started) * 1000)
            # Let the full rebuild that follows finish before the next edit.
            time.sleep(float(os.environ.get("SETTLE", "6")))
        for t in times:
            print(f"reload event after {t:.0f} ms")
        print(f"median {statistics.median(times):.0f} ms over {len(times)} edits")
    finally:
        open(article, "w", encoding="utf-8").write(original)
        time.sleep(0.5)
        server.terminate()
        server.wait()
        log.close()
        rebuilds = re.findall(r"built \d+ pages in ([\d.]+)(m?s)",
                              open(os.path.join(site, ".serve-bench.log")).read())
        if len(rebuilds) > 1:
            print("full rebuilds after the edits: " +
                  ", ".join(f"{v}{u}" for v, u in rebuilds[1:]))


if __name__ == "__main__":
    main()
