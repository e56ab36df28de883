#!/usr/bin/env python3
"""Edit-to-browser latency of a live-preview server, for `dossier serve` and `hugo server` alike.

Starts the server on a corpus from ../shared/bench/gen_corpus.py, measures how long until the first
page is served, then saves an edit to one page N times and polls that page's URL until the edit
shows, and prints the median and the spread. Only loopback addresses are used.

  bench/serve.py dossier CORPUS/ours [--edits 20] [--binary target/release/dossier]
  bench/serve.py hugo    CORPUS/hugo [--edits 20]
"""
import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

PAGE = "content/s000/p00005.md"
PATH = "dossier/s000/p00005/"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--binary", default="target/release/dossier")
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
            time.sleep(0.3)
    finally:
        with open(page, "w", encoding="utf-8") as f:
            f.write(original)
        server.terminate()
        server.wait()
    latencies.sort()
    print(f"{args.server:8} first serve {first:6.2f} s | edit visible: median {statistics.median(latencies):7.1f} ms, "
          f"min {latencies[0]:7.1f} ms, max {latencies[-1]:7.1f} ms ({len(latencies)} edits)")


if __name__ == "__main__":
    main()
