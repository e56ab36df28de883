#!/usr/bin/env python3
"""Check the dossier's quotes against the source article.

Every line of a Markdown blockquote in content/ (except the "——[原文 ¶N]" attribution) must be a
verbatim substring of the source article, and the paragraph its attribution cites must contain it.
Usage: scripts/check_quotes.py [SOURCE_FILE]   (default: ../shared/source/000_614684585d060f15.txt)
Exit 1 and a list of problems when a quote is not verbatim.
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
source_file = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else root / "../shared/source/000_614684585d060f15.txt"
source = source_file.read_text(encoding="utf-8")
paragraphs = [b.strip() for b in source.split("\n\n") if b.strip() and not b.strip().startswith("#")]

problems = []
quotes = 0
for md in sorted((root / "content").rglob("*.md")):
    if md.name == "source.md":
        continue
    lines = md.read_text(encoding="utf-8").split("\n")
    block = []
    for number, line in enumerate(lines + [""], 1):
        if line.startswith(">"):
            block.append((number, line[1:].strip()))
            continue
        if not block:
            continue
        cited = [int(n) for _, text in block for n in re.findall(r"¶(\d+)\]", text)]
        for at, text in block:
            if not text or text.startswith("——"):
                continue
            quotes += 1
            if text not in source:
                problems.append(f"{md.relative_to(root)}:{at}: not verbatim: {text[:40]}…")
            elif cited and not any(text in paragraphs[n - 1] for n in cited if 0 < n <= len(paragraphs)):
                problems.append(f"{md.relative_to(root)}:{at}: not in the cited paragraph(s) {cited}: {text[:40]}…")
        block = []

for p in problems:
    print(p)
print(f"{quotes} quoted lines checked, {len(problems)} problems")
sys.exit(1 if problems else 0)
