#!/usr/bin/env python3
"""Build time and peak memory of one very large page, side by side with Hugo.

Two sites of one page each, built with our release binary (search on, the default) and with `hugo`
(Debian's package) on the same Markdown in a minimal Hugo layout:

  big   a page of --mb megabytes (default 20) of Chinese prose from the shipped source article: paragraphs
        of four sentences, a `##` heading every 100 paragraphs, a list every 25
  same  a page of --headings (default 20,000) identical `## Same` headings, each with a sentence

Both must build in seconds: each once grew with the square of its size (pagefind's handling of one
huge page, ids tried one by one for equal headings). Prints wall time, CPU time and peak resident
memory, best of --runs by wall time (bench/build.py measures the same way).

  bench/large.py [--mb 20] [--headings 20000] [--runs 3] [--work /tmp/dossier-large]
                 [--binary target/release/dossier] [--no-hugo] [--only big|same]
"""
import argparse
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from build import common_arguments, ready, side_by_side  # noqa: E402

SOURCE = os.path.join(REPO, "content", "source.md")

HUGO_CONFIG = 'baseURL = "https://example.org/large/"\ntitle = "大页面"\n' \
    'disableKinds = ["RSS", "sitemap", "robotsTXT", "taxonomy", "term"]\n' \
    '[markup.goldmark.renderer]\nunsafe = true\n'
HUGO_BASE = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>{{ block "main" . }}{{ end }}</body></html>"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ .TableOfContents }}
{{ .Content }}</article>{{ end }}"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}"""


def sentences():
    text = open(SOURCE, encoding="utf-8").read().split("+++", 2)[2]
    text = re.sub(r"<[^>]*>|[#*>\[\]()]", "", text)
    parts = (re.sub(r"\s+", " ", s).strip() for s in re.split(r"(?<=[。！？])", text))
    return [s for s in parts if len(s) > 12]


def big_body(megabytes):
    sents = sentences()
    out, size, i = [], 0, 0
    while size < megabytes * 1_000_000:
        if i % 100 == 0:
            out.append(f"## 第{i // 100 + 1}部分\n")
        if i % 25 == 12:
            block = "".join(f"- {sents[(i + k) % len(sents)]}\n" for k in range(3))
        else:
            block = "".join(sents[(i * 4 + k) % len(sents)] for k in range(4)) + "\n"
        out.append(block)
        size += len(block.encode("utf-8"))
        i += 1
    return "\n".join(out)


def same_body(headings):
    return "\n".join(f"## Same\n\n第 {i} 段。\n" for i in range(headings))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def site(work, name, title, body):
    """`work/name/ours` and `work/name/hugo`, one page each with the same `body()`; written once."""
    root = os.path.join(work, name)
    if not os.path.exists(os.path.join(root, "done")):
        shutil.rmtree(root, ignore_errors=True)
        body = body()
        ours, hugo = os.path.join(root, "ours"), os.path.join(root, "hugo")
        write(os.path.join(ours, "site.toml"),
              'base_url = "https://example.org/large/"\ntitle = "大页面"\nlanguage = "zh-Hans"\n'
              'theme = "longform"\n')
        write(os.path.join(ours, "content", "_index.md"), '+++\ntitle = "大页面"\n+++\n\n首页。\n')
        write(os.path.join(ours, "content", "page.md"), f'+++\ntitle = "{title}"\n+++\n\n{body}')
        write(os.path.join(hugo, "hugo.toml"), HUGO_CONFIG)
        write(os.path.join(hugo, "content", "_index.md"), '+++\ntitle = "大页面"\n+++\n\n首页。\n')
        write(os.path.join(hugo, "content", "page.md"), f'+++\ntitle = "{title}"\n+++\n\n{body}')
        layouts = os.path.join(hugo, "layouts", "_default")
        write(os.path.join(layouts, "baseof.html"), HUGO_BASE)
        write(os.path.join(layouts, "single.html"), HUGO_SINGLE)
        write(os.path.join(layouts, "list.html"), HUGO_LIST)
        write(os.path.join(root, "done"), "")
    ours = os.path.join(root, "ours")
    shutil.rmtree(os.path.join(ours, "themes"), ignore_errors=True)
    shutil.copytree(os.path.join(REPO, "themes"), os.path.join(ours, "themes"))
    return root


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=20)
    parser.add_argument("--headings", type=int, default=20_000)
    common_arguments(parser, "/tmp/dossier-large")
    parser.add_argument("--only", choices=["big", "same"])
    args = parser.parse_args()
    hugo = ready(args)

    cases = [
        ("big", f"{args.mb:g} MB page", lambda: big_body(args.mb)),
        ("same", f"{args.headings} × ## Same", lambda: same_body(args.headings)),
    ]
    print(f"{'page':>18} | {'tool':15} | {'wall s':>7} | {'cpu s':>7} | {'peak MiB':>8} | wall vs hugo")
    print("-" * 82)
    for name, label, body in cases:
        if args.only and name != args.only:
            continue
        # The generated page is kept per size, so a second run does not write it again.
        key = f"{name}-{args.mb:g}" if name == "big" else f"{name}-{args.headings}"
        root = site(args.work, key, label, body)
        side_by_side(f"{label:>18}", args.binary, os.path.join(root, "ours"),
                     os.path.join(root, "hugo") if hugo else None, root, args.runs)


if __name__ == "__main__":
    main()
