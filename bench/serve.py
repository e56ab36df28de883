#!/usr/bin/env python3
"""Edit-to-browser latency of a live-preview server, for `dossier serve` and `hugo server` alike.

Starts the server on a corpus from ../shared/bench/gen_corpus.py, measures how long until the first
page is served, then saves an edit to one page N times and polls that page's URL until the edit
shows, and prints the median, the 90th percentile and the maximum. Only loopback addresses are used.

With search on, dossier's search index is made after the first serve: the edits start once it is
served (`pagefind/pagefind-entry.json`, or each shard's beside `pagefind/shards.json`), and after
the last edit the script measures how long until the served index changes again (the index that
holds the last edit). `--no-search-wait` skips both. Stopped midway, it still puts the page back.

  bench/serve.py dossier CORPUS/ours [--edits 30] [--binary target/release/dossier]
  bench/serve.py hugo    CORPUS/hugo [--edits 30]
"""
import argparse
import json
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

PAGE = "content/s000/p00005.md"
PATH = "dossier/s000/p00005/"
BUNDLE = "dossier/pagefind/"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def search_index(port):
    """What the served search index is now: each shard's entry file (or the one entry file of an
    index in one piece), None until there is one. A save changes the entry of its page's shard."""
    base = f"http://127.0.0.1:{port}/{BUNDLE}"
    shards = fetch(base + "shards.json")
    if shards is None:
        return fetch(base + "pagefind-entry.json")
    folders = [f for lang in json.loads(shards).values() for f in lang]
    entries = [fetch(f"{base}{folder}pagefind-entry.json") for folder in folders]
    return None if None in entries else shards + "".join(entries)


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except Exception:
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("server", choices=["dossier", "hugo"])
    parser.add_argument("site")
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--binary", default="target/release/dossier")
    parser.add_argument("--no-search-wait", action="store_true", help="do not wait for the search index")
    args = parser.parse_args()

    port = free_port()
    if args.server == "dossier":
        command = [args.binary, "serve", "--root", args.site, "--port", str(port)]
    else:
        command = ["hugo", "server", "--source", args.site, "--bind", "127.0.0.1", "--port", str(port),
                   "--baseURL", f"http://127.0.0.1:{port}/dossier/", "--appendPort=false", "--quiet"]
    url = f"http://127.0.0.1:{port}/{PATH}"
    page = os.path.join(args.site, PAGE)
    original = open(page, encoding="utf-8").read()
    # Stopped (Ctrl+C, kill), the script still puts the page back as it was and stops the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    started = time.monotonic()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while fetch(url) is None:
            if server.poll() is not None:
                sys.exit(f"{args.server} exited with {server.returncode}")
            if time.monotonic() - started > 300:
                sys.exit("the server did not come up in 300 s")
            time.sleep(0.01)
        first = time.monotonic() - started
        print(f"first serve after {first:.2f} s", file=sys.stderr, flush=True)
        wait_search = args.server == "dossier" and not args.no_search_wait
        search_ready = None
        if wait_search:
            while search_index(port) is None:
                if time.monotonic() - started > 600:
                    sys.exit("the search index was not served in 600 s")
                time.sleep(0.05)
            search_ready = time.monotonic() - started
        time.sleep(1.0)  # let the watcher settle after the first build
        latencies = []
        for k in range(args.edits):
            token = f"基准标记{k}x{int(time.time() * 1000) % 100000}"
            t0 = time.monotonic()
            with open(page, "w", encoding="utf-8") as f:
                f.write(original + f"\n{token}\n")
            while True:
                body = fetch(url)
                if body and token in body:
                    break
                if time.monotonic() - t0 > 60:
                    sys.exit(f"edit {k} never showed")
                time.sleep(0.002)
            latencies.append((time.monotonic() - t0) * 1000)
            print(f"edit {k}: {latencies[-1]:.1f} ms", file=sys.stderr, flush=True)
            last_save = t0
            time.sleep(0.3)
        followed = None
        if wait_search:
            # The index as served right after the last edit showed; the next one holds the edit.
            before = search_index(port)
            while True:
                now = search_index(port)
                if now is not None and now != before:
                    followed = time.monotonic() - last_save
                    break
                if time.monotonic() - last_save > 600:
                    break
                time.sleep(0.05)
    finally:
        with open(page, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait()
    latencies.sort()
    p90 = latencies[min(len(latencies) - 1, math.ceil(0.9 * len(latencies)) - 1)]
    load = os.getloadavg()[0]
    print(f"{args.server:8} first serve {first:6.2f} s | edit visible: median {statistics.median(latencies):7.1f} ms, "
          f"p90 {p90:7.1f} ms, min {latencies[0]:7.1f} ms, max {latencies[-1]:7.1f} ms ({len(latencies)} edits) "
          f"| load {load:.2f}")
    if search_ready is not None:
        after = "never" if followed is None else f"{followed:.1f} s"
        print(f"{'':8} search served {search_ready:6.2f} s after start | search follows the last save after {after}")


if __name__ == "__main__":
    main()
