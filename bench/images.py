#!/usr/bin/env python3
"""Image processing: N photos resized in parallel, then a second build that takes them from the cache.

    python3 bench/images.py BINARY [--photos 200] [--work DIR] [--size 2000x1500]

Writes a site into WORK (default: a new temporary folder) with N page bundles, each holding one
photo (a JPEG of the given size, filled with noise so that it compresses like a photo) and showing
it in Markdown; `[markdown] image_srcset = [480, 960]` gives each photo two copies, and the home
page shows a 320 x 240 thumbnail of each with resize_image (op "fill"): 3 copies a photo. Then it
builds twice with BINARY, the second time with the cache the first one filled, and prints each
build's wall time, CPU time (user + system) and peak resident memory (from /usr/bin/time -v).

BINARY is a release build (`cargo build --release`, then target/release/dossier); the script does
not build one. It needs Pillow (`pip install pillow`, or Debian's python3-pil for /usr/bin/python3).
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

SITE_TOML = """title = "Photos"
base_url = "https://example.org/"
language = "en"

[markdown]
image_srcset = [480, 960]
"""

BASE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{% block title %}{{ config.title }}{% endblock title %}</title></head>
<body>{% block main %}{% endblock main %}</body></html>"""

INDEX = """{% extends "base.html" %}{% block main %}<main>
{% set photos = get_section(path="photos/_index.md") %}
{% for p in photos.pages %}{% set t = resize_image(path=p.relative_path | replace(from="index.md", to="photo.jpg"), width=320, height=240) %}<a href="{{ p.permalink }}"><img src="{{ t.url }}" width="{{ t.width }}" height="{{ t.height }}" alt="{{ p.title }}"></a>
{% endfor %}</main>{% endblock main %}"""

PAGE = """{% extends "base.html" %}{% block main %}<main><h1>{{ page.title }}</h1>{{ page.content | safe }}</main>{% endblock main %}"""

SECTION = """{% extends "base.html" %}{% block main %}<main></main>{% endblock main %}"""


def photo(path, width, height, seed):
    """A JPEG of noise over a gradient: compresses about as badly as a photo."""
    from PIL import Image

    rng = random.Random(seed)
    noise = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    Image.blend(noise, gradient, 0.6).save(path, quality=85)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def make_site(root, photos, width, height):
    write(os.path.join(root, "site.toml"), SITE_TOML)
    templates = [("base.html", BASE), ("index.html", INDEX), ("page.html", PAGE), ("section.html", SECTION)]
    templates += [(name, SECTION) for name in ["404.html", "taxonomy_list.html", "taxonomy_term.html"]]
    for name, text in templates:
        write(os.path.join(root, "templates", name), text)
    write(os.path.join(root, "content", "_index.md"), '+++\ntitle = "Photos"\n+++\n')
    write(os.path.join(root, "content", "photos", "_index.md"), '+++\ntitle = "All photos"\n+++\n')
    for n in range(photos):
        folder = os.path.join(root, "content", "photos", f"p{n:04}")
        write(os.path.join(folder, "index.md"), f'+++\ntitle = "Photo {n}"\nweight = {n}\n+++\n![Photo {n}](photo.jpg)\n')
        if not os.path.exists(os.path.join(folder, "photo.jpg")):
            photo(os.path.join(folder, "photo.jpg"), width, height, n)


def timed(binary, root, out):
    """Wall seconds, CPU seconds and peak MiB of one build, and what it printed."""
    run = subprocess.run(
        ["/usr/bin/time", "-v", binary, "build", "--root", root, "-o", out],
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        sys.exit(f"the build failed:\n{run.stdout}{run.stderr}")
    field = lambda name: re.search(rf"{name}: (.+)", run.stderr).group(1).strip()
    wall = field(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\)")
    seconds = sum(float(part) * 60**i for i, part in enumerate(reversed(wall.split(":"))))
    cpu = float(field("User time \\(seconds\\)")) + float(field("System time \\(seconds\\)"))
    peak = int(field(r"Maximum resident set size \(kbytes\)")) / 1024
    said = (run.stdout + run.stderr).splitlines()
    report = next((line for line in said if "resized images" in line), "")
    report = report[report.find(", ", report.find("timeline events")) + 2 :] if "timeline events" in report else report
    return seconds, cpu, peak, report


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--size", default="2000x1500")
    parser.add_argument("--work", help="the site's folder (kept); default: a temporary folder, removed")
    args = parser.parse_args()
    try:
        import PIL  # noqa: F401
    except ImportError:
        sys.exit("Pillow is missing: pip install pillow (or apt-get install python3-pil and use /usr/bin/python3)")
    width, height = (int(x) for x in args.size.split("x"))
    binary = os.path.realpath(args.binary)
    root = args.work or tempfile.mkdtemp(prefix="dossier-images-")
    try:
        print(f"{args.photos} photos of {width}x{height} in {root} ...", flush=True)
        make_site(root, args.photos, width, height)
        shutil.rmtree(os.path.join(root, ".dossier-cache", "images"), ignore_errors=True)
        out = os.path.join(root, "public")
        print(f"{'build':<8} | {'wall s':>7} | {'cpu s':>7} | {'peak MiB':>8} | what it says")
        for label in ["first", "cached"]:
            seconds, cpu, peak, report = timed(binary, root, out)
            print(f"{label:<8} | {seconds:>7.2f} | {cpu:>7.2f} | {peak:>8.0f} | {report}", flush=True)
    finally:
        if not args.work:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
