#!/usr/bin/env python3
"""Throughput of the all-MiniLM-L6-v2 ONNX model under onnxruntime (CPU), for comparison with
the Swift encoder.

Usage:
  bench_onnxruntime.py --onnx FILE.onnx --model DIR --sentences FILE.txt
                       [--batch-sizes 1,32,128] [--threads 1,2] [--seconds 5]
                       [--order file|length|both]

FILE.txt holds one sentence per line. All sentences are tokenized up front with the
reference tokenizer (minilm_reference.py) and padded into batches before the clock starts:
only onnxruntime's run is timed. For each (threads, batch size) the batches are run in file
order, each padded to its longest sentence, after one untimed warm-up batch, wrapping round
to the first batch again until at least --seconds have passed. Output, one line each:

  onnxruntime threads=1 batch=32 sentences/s=123.4 tokens/s=4567.8 peak_rss_mb=210

With --order length (or both, the default), sentences are also sorted by token count before
batching, as sentence-transformers does to cut padding; those lines start "onnxruntime-sorted".

tokens counts real ids only ([CLS] and [SEP] included, padding not). Each configuration runs in
a fresh Python process, so peak_rss_mb (ru_maxrss) is that configuration's own peak.

Needs numpy and onnxruntime.
"""

import argparse
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def int_list(text):
    return [int(part) for part in text.split(",") if part.strip()]


def run_one(args, threads, batch_size, sort_by_length=False):
    """Measure one configuration in this process and print its line."""
    import numpy as np
    import onnxruntime as ort

    sys.path.insert(0, HERE)
    import minilm_reference as ref

    # Untimed: reading, tokenizing, padding.
    with open(args.sentences, encoding="utf-8") as f:
        sentences = [line.rstrip("\r\n") for line in f if line.strip()]
    if not sentences:
        sys.exit(f"{args.sentences}: no sentences")
    tokenizer = ref.WordPieceTokenizer(os.path.join(args.model, "vocab.txt"))
    id_lists = [tokenizer.encode(s) for s in sentences]
    if sort_by_length:
        id_lists.sort(key=len)

    batches = []
    for start in range(0, len(id_lists), batch_size):
        chunk = id_lists[start:start + batch_size]
        width = max(len(ids) for ids in chunk)
        input_ids = np.zeros((len(chunk), width), dtype=np.int64)
        mask = np.zeros((len(chunk), width), dtype=np.int64)
        for row, ids in enumerate(chunk):
            input_ids[row, :len(ids)] = ids
            mask[row, :len(ids)] = 1
        batches.append(({"input_ids": input_ids, "attention_mask": mask},
                        len(chunk), sum(len(ids) for ids in chunk)))

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(args.onnx, options, providers=["CPUExecutionProvider"])

    session.run(["embedding"], batches[0][0])  # warm-up, not timed

    done_sentences = done_tokens = 0
    index = 0
    started = time.perf_counter()
    while True:
        feed, n_sentences, n_tokens = batches[index]
        session.run(["embedding"], feed)
        done_sentences += n_sentences
        done_tokens += n_tokens
        index = (index + 1) % len(batches)
        elapsed = time.perf_counter() - started
        if elapsed >= args.seconds:
            break

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KB
    name = "onnxruntime-sorted" if sort_by_length else "onnxruntime"
    print(f"{name} threads={threads} batch={batch_size} "
          f"sentences/s={done_sentences / elapsed:.1f} tokens/s={done_tokens / elapsed:.1f} "
          f"peak_rss_mb={peak_mb:.0f}", flush=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--onnx", required=True, help="model written by export_onnx.py")
    ap.add_argument("--model", required=True, help="model folder (its vocab.txt is used)")
    ap.add_argument("--sentences", required=True, help="text file, one sentence per line")
    ap.add_argument("--batch-sizes", type=int_list, default=[1, 32, 128])
    ap.add_argument("--threads", type=int_list, default=[1, 2])
    ap.add_argument("--seconds", type=float, default=5.0, help="minimum timed seconds per configuration")
    ap.add_argument("--order", choices=["file", "length", "both"], default="both",
                    help="batch sentences in file order, sorted by length, or both")
    ap.add_argument("--run-one", metavar="THREADS,BATCH,SORTED", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.run_one:
        threads, batch_size, sort_by_length = int_list(args.run_one)
        run_one(args, threads, batch_size, bool(sort_by_length))
        return

    # The driver imports neither numpy nor onnxruntime, so it stays small: a child started from
    # it begins with the driver's ru_maxrss, which is then far below the child's own peak.
    version = subprocess.run([sys.executable, "-c", "import onnxruntime; print(onnxruntime.__version__)"],
                             check=True, capture_output=True, text=True).stdout.strip()
    print(f"onnxruntime {version}")
    with open(args.sentences, encoding="utf-8") as f:
        count = sum(1 for line in f if line.strip())
    print(f"# {count} sentences from {args.sentences}; tokenization and padding are not timed, "
          f"only onnxruntime's run; tokens = real ids incl. [CLS]/[SEP]; "
          f"at least {args.seconds:g} s per configuration, one process each", flush=True)

    base = [sys.executable, os.path.abspath(__file__), "--onnx", args.onnx, "--model", args.model,
            "--sentences", args.sentences, "--seconds", str(args.seconds)]
    orders = {"file": [0], "length": [1], "both": [0, 1]}[args.order]
    for sort_by_length in orders:
        for threads in args.threads:
            for batch_size in args.batch_sizes:
                subprocess.run(base + ["--run-one", f"{threads},{batch_size},{sort_by_length}"], check=True)


if __name__ == "__main__":
    main()
