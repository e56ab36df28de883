#!/usr/bin/env python3
"""Build time and peak memory of `dossier build`, side by side with Hugo, at several sizes.

For each size N it generates the synthetic corpus of ../shared/bench/gen_corpus.py (once; kept in
--work), gives our layout the default theme and the corpus's language (`zh-Hans`, as Hugo's layout
says `lang="zh"`), builds it with our release binary and with `hugo` (Debian's package) RUNS times
each, and prints wall time, CPU time (user + system) and peak resident memory (from
`/usr/bin/time -v`), best run of each by wall time.

Rows, for each size:
  dossier         the default configuration, search index on: what a user meets
  hugo+pagefind   `hugo`, then `pagefind_extended --site` on its output: the same search for a Hugo
                  user (the two times added; memory is the larger peak)
  dossier -search `[search] enabled = false`, the like-for-like figure against
  hugo            `hugo` alone, whose layout makes no search index

  bench/build.py [--sizes 1000,10000,100000] [--runs 3] [--work /tmp/dossier-bench]
                 [--binary target/release/dossier] [--no-hugo] [--no-search] [--no-pagefind]
                 [--pagefind PATH] [--language zh-Hans]

pagefind_extended is npm's `pagefind` 1.6 (`npm install --prefix DIR pagefind@1.6.0` puts it at
DIR/node_modules/@pagefind/linux-x64/bin/pagefind_extended); give it with --pagefind or $PAGEFIND,
or have it on PATH. Without it the script says so and shows the other rows.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GENERATOR = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")


def corpus(work, n, language):
    """The corpus for `n` pages, generated on first use, with our default theme and `language`."""
    root = os.path.join(work, str(n))
    if not os.path.isdir(os.path.join(root, "ours", "content")):
        shutil.rmtree(root, ignore_errors=True)
        subprocess.run([sys.executable, GENERATOR, root, str(n)], check=True, stdout=subprocess.DEVNULL)
    ours = os.path.join(root, "ours")
    shutil.rmtree(os.path.join(ours, "themes"), ignore_errors=True)
    shutil.copytree(os.path.join(REPO, "themes"), os.path.join(ours, "themes"))
    site = os.path.join(ours, "site.toml")
    text = open(site, encoding="utf-8").read()
    lines = [line for line in text.split("\n[search]")[0].rstrip("\n").split("\n")
             if not line.startswith(("theme =", "language ="))]
    head = ['theme = "longform"'] + ([f'language = "{language}"'] if language else [])
    open(site, "w", encoding="utf-8").write("\n".join(head + lines) + "\n")
    return root


def search(ours, on):
    """Turn our search index on (the default) or off in the corpus's site.toml."""
    site = os.path.join(ours, "site.toml")
    text = open(site, encoding="utf-8").read().split("\n[search]")[0].rstrip("\n") + "\n"
    if not on:
        text += "\n[search]\nenabled = false\n"
    open(site, "w", encoding="utf-8").write(text)


def find_pagefind(given):
    """The pagefind_extended binary to run beside Hugo, or None (with how to get it)."""
    candidates = [given, os.environ.get("PAGEFIND"), shutil.which("pagefind_extended"),
                  os.path.join(REPO, "tests", "e2e", "node_modules", "@pagefind", "linux-x64", "bin",
                               "pagefind_extended")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    print("pagefind_extended is not installed: `npm install --prefix /tmp/pf pagefind@1.6.0`, then "
          "--pagefind /tmp/pf/node_modules/@pagefind/linux-x64/bin/pagefind_extended; "
          "showing Hugo without its search index", file=sys.stderr)
    return None


def measure(command, cwd=None):
    """Run `command` under /usr/bin/time -v: (wall s, cpu s, peak MiB)."""
    result = subprocess.run(["/usr/bin/time", "-v"] + command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")

    def field(name):
        return re.search(rf"{re.escape(name)}: (.+)", result.stderr).group(1).strip()

    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    seconds = 0.0
    for part in wall.split(":"):
        seconds = seconds * 60 + float(part)
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    peak = int(field("Maximum resident set size (kbytes)")) / 1024
    return seconds, cpu, peak


def best(command, runs, cwd=None, before=None):
    results = []
    for _ in range(runs):
        if before:
            before()
        results.append(measure(command, cwd))
    return min(results)


def common_arguments(parser, work):
    """--runs, --work, --binary and --no-hugo, shared by the benchmarks that compare with Hugo."""
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default=work)
    parser.add_argument("--binary", default=os.path.join(REPO, "target", "release", "dossier"))
    parser.add_argument("--no-hugo", action="store_true")


def ready(args):
    """Check the binary, make the work folder; whether Hugo runs beside us."""
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} is missing: run `cargo build --release` first")
    hugo = not args.no_hugo and shutil.which("hugo")
    if not args.no_hugo and not hugo:
        print("hugo is not installed (apt-get install hugo); showing dossier alone", file=sys.stderr)
    os.makedirs(args.work, exist_ok=True)
    return hugo


def side_by_side(label, binary, ours, hugo_site, work, runs, pagefind=None, names=("dossier", "hugo")):
    """Build the site `ours` with dossier and `hugo_site` (None: no Hugo) with Hugo, each from no
    output, into `work`, and with `pagefind` (None: not) index Hugo's output after each of its
    builds; print a row for each, best of `runs` by wall time."""
    out = os.path.join(work, "public-ours")
    mine = best([binary, "build", "--root", ours, "--output-dir", out], runs,
                before=lambda: shutil.rmtree(out, ignore_errors=True))
    theirs = None
    if hugo_site:
        hugo_out = os.path.join(work, "public-hugo")
        hugo = ["hugo", "--quiet", "--source", hugo_site, "--destination", hugo_out]
        if pagefind:
            results = []
            for _ in range(runs):
                shutil.rmtree(hugo_out, ignore_errors=True)
                built = measure(hugo)
                indexed = measure([pagefind, "--site", hugo_out, "--silent"])
                results.append((built[0] + indexed[0], built[1] + indexed[1], max(built[2], indexed[2])))
            theirs = min(results)
        else:
            theirs = best(hugo, runs, before=lambda: shutil.rmtree(hugo_out, ignore_errors=True))
    ratio = f"{mine[0] / theirs[0]:.2f}x" if theirs else ""
    print(f"{label} | {names[0]:15} | {mine[0]:7.2f} | {mine[1]:7.2f} | {mine[2]:8.0f} | {ratio}")
    if theirs:
        print(f"{label} | {names[1]:15} | {theirs[0]:7.2f} | {theirs[1]:7.2f} | {theirs[2]:8.0f} |")
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    common_arguments(parser, "/tmp/dossier-bench")
    parser.add_argument("--no-search", action="store_true", help="only the like-for-like rows, search off")
    parser.add_argument("--no-pagefind", action="store_true", help="Hugo without pagefind")
    parser.add_argument("--pagefind", help="the pagefind_extended binary")
    parser.add_argument("--language", default="zh-Hans", help="our site's language (empty: our default)")
    args = parser.parse_args()
    hugo = ready(args)
    pagefind = hugo and not args.no_search and not args.no_pagefind and find_pagefind(args.pagefind)

    print(f"{'pages':>7} | {'tool':15} | {'wall s':>7} | {'cpu s':>7} | {'peak MiB':>8} | wall vs hugo")
    print("-" * 72)
    for n in [int(s) for s in args.sizes.split(",")]:
        root = corpus(args.work, n, args.language)
        ours = os.path.join(root, "ours")
        hugo_site = os.path.join(root, "hugo") if hugo else None
        if not args.no_search:
            search(ours, True)
            side_by_side(f"{n:>7}", args.binary, ours, hugo_site if pagefind else None, root, args.runs,
                         pagefind, ("dossier", "hugo+pagefind"))
        search(ours, False)
        side_by_side(f"{n:>7}", args.binary, ours, hugo_site, root, args.runs, None, ("dossier -search", "hugo"))


if __name__ == "__main__":
    main()
