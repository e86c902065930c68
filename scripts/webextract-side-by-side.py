#!/usr/bin/env python3
"""Main-text extraction on trafilatura's evaluation set: trafilatura and claimtrace side by side.

Runs trafilatura (extract(html, include_comments=False, include_tables=True), one core) on the
pages of evaldata.json with the set's own measure (a snippet counts when its whitespace-
normalised text is a substring of the whitespace-normalised main text; precision, recall and
F1 micro over snippets), then `claimtrace eval webextract` on the same pages, and prints both.

trafilatura runs from a virtual environment outside the repository:
    python3 -m venv /work/venv-traf && /work/venv-traf/bin/pip install trafilatura==2.3.1 lxml_html_clean
    /work/venv-traf/bin/python scripts/webextract-side-by-side.py --data ../shared/eval/webextract \
        --claimtrace .build/release/claimtrace
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time


def normalized(text):
    return " ".join(text.split())


def ordered_pages(data):
    with open(os.path.join(data, "evaldata.json"), encoding="utf-8") as f:
        entries = json.load(f)  # dicts keep the file's order
    return [(url, e) for url, e in entries.items()]


def score(found_with, all_with, found_without):
    p = found_with / (found_with + found_without) if found_with + found_without else 0.0
    r = found_with / all_with if all_with else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def run_trafilatura(data, pages):
    import trafilatura

    found_with = all_with = found_without = 0
    seconds = 0.0
    for _, entry in pages:
        path = os.path.join(data, "pages", entry["file"])
        with open(path, "rb") as f:
            raw = f.read()
        start = time.perf_counter()
        html = trafilatura.load_html(raw)
        text = trafilatura.extract(html, include_comments=False, include_tables=True) if html is not None else None
        seconds += time.perf_counter() - start
        main = normalized(text or "")
        for s in entry.get("with", []):
            all_with += 1
            found_with += normalized(s) in main
        for s in entry.get("without", []):
            found_without += normalized(s) in main
    return score(found_with, all_with, found_without) + (seconds,)


def run_claimtrace(binary, data, half):
    out = subprocess.run([binary, "eval", "webextract", "--data", data, "--half", half],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"{binary} failed: {out.stderr.strip()}")
    m = re.search(r"precision ([\d.]+)\s+recall ([\d.]+)\s+F1 ([\d.]+)", out.stdout)
    s = re.search(r"extraction: ([\d.]+) s", out.stdout)
    if not m or not s:
        sys.exit(f"unexpected output from {binary}:\n{out.stdout}")
    return float(m.group(1)), float(m.group(2)), float(m.group(3)), float(s.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="../shared/eval/webextract")
    parser.add_argument("--claimtrace", default=".build/release/claimtrace")
    parser.add_argument("--half", choices=["all", "even", "odd"], default="all")
    args = parser.parse_args()
    try:  # one core, as measured for claimtrace
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass
    pages = ordered_pages(args.data)
    if args.half != "all":
        pages = pages[(0 if args.half == "even" else 1)::2]
    try:
        import trafilatura
        version = trafilatura.__version__
    except ImportError as error:
        sys.exit(f"trafilatura cannot be imported ({error}): run this script with the venv's python (see --help)")
    t = run_trafilatura(args.data, pages)
    c = run_claimtrace(args.claimtrace, args.data, args.half)
    print(f"webextract ({args.half}): {len(pages)} pages, one core")
    print(f"{'extractor':<22}{'precision':>10}{'recall':>10}{'F1':>10}{'seconds':>10}")
    for name, (p, r, f, s) in ((f"trafilatura {version}", t), ("claimtrace", c)):
        print(f"{name:<22}{p:>10.3f}{r:>10.3f}{f:>10.3f}{s:>10.1f}")
    print(f"speed: claimtrace {t[3] / c[3]:.1f}x trafilatura" if c[3] > 0 else "")


if __name__ == "__main__":
    main()
