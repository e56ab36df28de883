#!/usr/bin/env python3
"""Resident memory of `dossier serve` under many saves and many clients: does it settle or grow?

Serves a site (by default a copy of the test fixture `tests/testsuite/fixtures/dossier` with the
themes, the site of serve.rs's thousand-saves test), lets CLIENTS threads fetch pages without
pause, and saves one page SAVES times as fast as the file system takes it, in ROUNDS rounds; every
tenth save edits the front matter (a full rebuild). Each round ends when the server serves its last
save (the server's `rebuilt in` lines say when to look). Then the clients pause and the settled
resident memory is taken: the least of ten samples over a second, as one sample may catch a
rebuild or responses in flight. The first round warms caches, thread pools and the allocator, so
growth is counted from the second round to the last. Only loopback addresses are used.

  bench/serve_memory.py [--binary target/release/dossier] [--site DIR --page content/x.md]
                        [--saves 1000] [--rounds 4] [--clients 100]
"""
import argparse
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

from serve import free_port

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SAFETY_NET = 300  # seconds a round may take before the run is abandoned


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except Exception:
        return None, b""


def rss_kib(pid, key="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {key} for {pid}")


def fixture_site(into):
    shutil.copytree(os.path.join(REPO, "tests/testsuite/fixtures/dossier"), into)
    shutil.copytree(os.path.join(REPO, "themes"), os.path.join(into, "themes"))
    return into


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default="target/release/dossier")
    parser.add_argument("--site", help="a site folder (it is copied; default: the test fixture)")
    parser.add_argument("--page", default="content/a.md", help="the page that is saved, inside the site")
    parser.add_argument("--saves", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--clients", type=int, default=100)
    args = parser.parse_args()
    if args.rounds < 2:
        sys.exit("--rounds must be at least 2 (the first round is a warm-up)")

    work = tempfile.mkdtemp(prefix="dossier-serve-memory-")
    try:
        site = os.path.join(work, "site")
        if args.site:
            shutil.copytree(args.site, site)
        else:
            fixture_site(site)
        run(args, site)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args, site):
    page = os.path.join(site, args.page)
    original = open(page, encoding="utf-8").read()
    port = free_port()
    server = subprocess.Popen([args.binary, "serve", "--root", site, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(l.rstrip("\n")) for l in server.stderr], daemon=True).start()
    stop, paused = threading.Event(), threading.Event()
    counts = {"requests": 0, "failures": 0}
    lock = threading.Lock()
    try:
        base = None
        while base is None:
            line = lines.get(timeout=SAFETY_NET)
            if line.startswith("serving "):
                base = line.split()[1]
        url = base + args.page.removeprefix("content/").removesuffix(".md") + "/"

        def until_shown(text):
            """Look at the page again after each line the server prints, until it shows `text`."""
            deadline = time.monotonic() + SAFETY_NET
            while text.encode() not in fetch(url)[1]:
                try:
                    lines.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    sys.exit(f"{url} did not show {text!r} within {SAFETY_NET} s")

        def client(k):
            targets = [url, base, base + "style.css"]
            while not stop.is_set():
                if paused.is_set():
                    time.sleep(0.01)
                    continue
                status, _ = fetch(targets[k % len(targets)])
                k += 1
                with lock:
                    counts["requests"] += 1
                    counts["failures"] += status != 200

        clients = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(args.clients)]
        for c in clients:
            c.start()
        print(f"dossier serve on {url}: {args.saves} saves in {args.rounds} rounds under {args.clients} clients")
        per_round = args.saves // args.rounds
        settled = []
        for r in range(args.rounds):
            started = time.monotonic()
            for k in range(per_round):
                n = r * per_round + k
                if n % 10 == 9:
                    text = re.sub(r'title = "', f'title = "{n} ', original, count=1)
                else:
                    text = original + f"\n第{n}次保存。\n"
                with open(page, "w", encoding="utf-8") as f:
                    f.write(text)
            last = f"第{r}轮最后一次保存。"
            with open(page, "w", encoding="utf-8") as f:
                f.write(original + f"\n{last}\n")
            until_shown(last)
            took = time.monotonic() - started
            paused.set()
            samples = []
            for _ in range(10):
                time.sleep(0.1)
                samples.append(rss_kib(server.pid))
            settled.append(min(samples))
            paused.clear()
            with lock:
                done = dict(counts)
            print(f"round {r + 1}: {took:5.1f} s, settled RSS {settled[-1] / 1024:7.1f} MiB "
                  f"({done['requests']} requests so far, {done['failures']} failed)")
        peak = rss_kib(server.pid, "VmHWM")
        stop.set()
        for c in clients:
            c.join()
        growth = settled[-1] - settled[1]
        print(f"settled RSS after each round (MiB): {', '.join(f'{s / 1024:.1f}' for s in settled)}; "
              f"peak {peak / 1024:.1f} MiB; growth from round 2 to {args.rounds}: {growth / 1024:+.1f} MiB")
        print(f"{counts['requests']} requests, {counts['failures']} failed")
    finally:
        stop.set()
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
