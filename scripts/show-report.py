#!/usr/bin/env python3
"""Print a claimtrace/1 report for reading by eye: metadata, excluded furniture, sentences.

Usage: scripts/show-report.py REPORT.json [--sentences] [--id SUBSTRING]
"""
import json
import sys


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    report = json.load(open(args[0], encoding="utf-8"))
    show_sentences = "--sentences" in args
    only = args[args.index("--id") + 1] if "--id" in args else None
    for d in report["documents"]:
        if only and only not in d["id"]:
            continue
        print("=====", d["id"])
        for key in ["title", "authors", "published", "outlet", "originalSource", "signOffAuthor"]:
            print(f"  {key}: {d[key]!r}")
        text = d["text"]
        for e in d["excluded"]:
            snippet = text[e["start"]:e["end"]].replace("\n", " ")
            print(f"  X[{e['kind']}] {snippet[:100]!r}")
        print(f"  sentences: {len(d['sentences'])}, dates: {[x['text'] for x in d.get('dates', [])]}")
        if show_sentences:
            for s in d["sentences"]:
                print("   |", text[s["start"]:s["end"]].replace("\n", " "))
    for r in report.get("rejected", []):
        print("REJECTED", r["location"], r["reason"])


main()
