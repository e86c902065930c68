#!/usr/bin/env python3
"""Load check of `claimtrace serve` (issue 23, items 8 and 9): prints numbers, asserts nothing.

1. Builds a database of generated articles (once; reused with --db), starts the server on a free
   port and times GET /api/v1/stats alone, then while --searches clients run full-text searches
   back to back (item 8).
2. Optionally (--upload-mb) posts one generated article of that size and times the answer.
3. Opens --connections connections that send nothing or half a request head, and counts how
   many the server still holds after --hold seconds; times a normal request meanwhile (item 9).

Python standard library only. Usage:
  scripts/load-check.py [--binary .build/debug/claimtrace] [--db /tmp/load.sqlite] [--docs 20000]
                        [--searches 32] [--seconds 8] [--upload-mb 0] [--connections 3000] [--hold 15]
                        [--serve-option=--header-timeout=10 ...]
"""
import argparse
import hashlib
import http.client
import json
import os
import random
import resource
import select
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

WORDS = None


def vocabulary():
    """A Zipf-like vocabulary of made-up words: a few very common, most rare."""
    global WORDS
    if WORDS is None:
        rng = random.Random(7)
        syllables = ["ka", "ro", "mi", "ten", "sul", "va", "dor", "li", "bes", "an", "ko", "rel", "ta", "min", "os", "e"]
        common = ["the", "said", "border", "river", "minister", "barrels", "report", "officials", "week", "waste"]
        WORDS = common + ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(5000)]
    return WORDS


def article(rng, words=400):
    vocab = vocabulary()
    weights = [1.0 / (i + 1) for i in range(len(vocab))]
    chosen = rng.choices(vocab, weights=weights, k=words)
    sentences = [" ".join(chosen[i:i + 16]).capitalize() + "." for i in range(0, words, 16)]
    return "\n\n".join(" ".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4))


def build_database(binary, path, docs):
    """The schema from `claimtrace analyze` over a one-line file, then generated rows inserted directly."""
    with tempfile.TemporaryDirectory() as folder:
        seed = os.path.join(folder, "seed.txt")
        with open(seed, "w", encoding="utf-8") as f:
            f.write("Seed\n\nThe minister said the river was clean.\n")
        subprocess.run([binary, "analyze", seed, "--db", path, "-q"], check=True, stdout=subprocess.DEVNULL)
    rng = random.Random(1)
    db = sqlite3.connect(path)
    started = time.time()
    with db:
        for i in range(docs):
            text = article(rng)
            db.execute(
                "INSERT INTO document (id, source, format, contentHash, pipelineVersion, title, authors, published, outlet, text, warnings, analyzedAt)"
                " VALUES (?, ?, 'txt', ?, 'load', ?, '[]', ?, ?, ?, '[]', '2020-01-01T00:00:00.000Z')",
                (f"load/{i:06d}.txt", f"load/{i:06d}.txt", hashlib.sha256(text.encode()).hexdigest(),
                 f"Generated {i}", f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", f"Outlet {i % 40}", text))
    db.close()
    print(f"database: {docs} generated articles inserted in {time.time() - started:.1f} s ({os.path.getsize(path) / 1e6:.0f} MB)")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def get(port, path, timeout=60.0, method="GET", body=None):
    """(status, seconds, parsed JSON or None) of one request on a new connection."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={"Content-Type": "text/plain"} if body else {})
        response = connection.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - started
        try:
            parsed = json.loads(data)
        except ValueError:
            parsed = None
        return response.status, elapsed, parsed
    finally:
        connection.close()


def describe(label, seconds):
    ms = sorted(s * 1000 for s in seconds)
    if not ms:
        print(f"{label}: no samples")
        return
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    print(f"{label}: n={len(ms)} median {statistics.median(ms):.1f} ms, p90 {p90:.1f} ms, max {ms[-1]:.1f} ms")


def searches_and_stats(port, clients, seconds):
    baseline = [get(port, "/api/v1/stats")[1] for _ in range(20)]
    describe("stats alone", baseline)
    stop = time.time() + seconds
    outcomes = []
    lock = threading.Lock()

    def client(k):
        queries = ["the", "said border", "river minister", "the said", "barrels waste", "officials week"]
        n = 0
        while time.time() < stop:
            query = queries[(k + n) % len(queries)].replace(" ", "+")
            try:
                status, elapsed, body = get(port, f"/api/v1/search?q={query}&perPage=20", timeout=120)
                cut = bool(body and body.get("cutShort"))
            except OSError as error:
                status, elapsed, cut = f"error {type(error).__name__}", 0.0, False
            with lock:
                outcomes.append((status, elapsed, cut))
            n += 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    during = []
    while time.time() < stop:
        during.append(get(port, "/api/v1/stats", timeout=120)[1])
        time.sleep(0.1)
    for t in threads:
        t.join()
    describe(f"stats during {clients} concurrent searches", during)
    statuses = {}
    for status, _, _ in outcomes:
        statuses[status] = statuses.get(status, 0) + 1
    describe("searches", [e for s, e, _ in outcomes if s == 200])
    print(f"searches answered: {statuses}; cut short by the time budget: {sum(1 for _, _, c in outcomes if c)}")


def upload(port, megabytes):
    rng = random.Random(3)
    parts, size = [], 0
    while size < megabytes * 1_000_000:
        parts.append(article(rng))
        size += len(parts[-1]) + 2
    body = ("Large upload\n\n" + "\n\n".join(parts)).encode()[: megabytes * 1_000_000]
    body = body[: body.rfind(b" ")]
    stats = []
    result = {}

    def post():
        started = time.perf_counter()
        try:
            result["answer"] = get(port, "/api/v1/documents?name=large-load-check.txt", timeout=600, method="POST", body=body)
        except OSError as error:
            result["answer"] = (f"no answer ({type(error).__name__})", time.perf_counter() - started, None)

    thread = threading.Thread(target=post)
    thread.start()
    while thread.is_alive():
        try:
            stats.append(get(port, "/api/v1/stats", timeout=600)[1])
        except OSError:
            pass
        time.sleep(0.2)
    status, elapsed, answer = result["answer"]
    print(f"upload of {len(body) / 1e6:.1f} MB answered {status} in {elapsed:.2f} s: {json.dumps(answer)[:160] if answer else ''}")
    describe("stats while the upload was answered", stats)
    if status == 202 and answer and answer.get("url"):
        started = time.time()
        seen = []
        while time.time() - started < 900:
            s, e, state = get(port, answer["url"])
            seen.append(get(port, "/api/v1/stats")[1])
            if state and state.get("status") in ("done", "failed"):
                print(f"upload analysed in the background: {state['status']} after {time.time() - started:.0f} s more")
                break
            time.sleep(1)
        describe("stats while it was analysed", seen)


def server_side(port):
    """(established, accept queue) of the server's port, from /proc/net/tcp: the connections
    its kernel holds for it, and how many of those the server has not accepted yet."""
    established, queued = 0, 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port != port:
                continue
            if fields[3] == "01":
                established += 1
            elif fields[3] == "0A":
                queued += int(fields[4].split(":")[1], 16)
    return established, queued


def half_open(port, count, hold):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, count + 256)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    started = time.time()
    sockets = []
    for i in range(count):
        s = socket.socket()
        s.setblocking(False)
        try:
            s.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        except OSError:
            s.close()
            continue
        sockets.append(s)
    # Half of them send the start of a request head and never finish it.
    deadline = time.time() + 5
    pending = list(sockets)
    connected = []
    poller = select.poll()
    by_fd = {s.fileno(): s for s in pending}
    for s in pending:
        poller.register(s, select.POLLOUT)
    while by_fd and time.time() < deadline:
        for fd, _ in poller.poll(200):
            s = by_fd.pop(fd)
            poller.unregister(fd)
            if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                connected.append(s)
    for i, s in enumerate(connected):
        if i % 2:
            try:
                s.send(b"GET /api/v1/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            except OSError:
                pass
    print(f"half-open connections: {len(connected)} of {count} connected in {time.time() - started:.1f} s")

    def client_side_open():
        """Connections this side still sees open (including those the server's kernel dropped
        from a full accept queue without telling: they hold nothing on the server)."""
        open_ = 0
        for s in connected:
            try:
                open_ += 1 if s.recv(1, socket.MSG_DONTWAIT | socket.MSG_PEEK) else 0
            except BlockingIOError:
                open_ += 1
            except OSError:
                pass
        return open_

    probe = {}

    def normal_request():
        try:
            status, elapsed, _ = get(port, "/api/v1/stats", timeout=120)
            probe["answer"] = f"{status} in {elapsed:.2f} s"
        except OSError as error:
            probe["answer"] = f"failed: {error}"

    time.sleep(1)
    thread = threading.Thread(target=normal_request)
    thread.start()
    checkpoints = sorted({c for c in (5, 10, 15, 20, 30, 45, 60) if c < hold} | {hold})
    for checkpoint in checkpoints:
        while time.time() - started < checkpoint:
            time.sleep(0.2)
        established, queued = server_side(port)
        print(f"after {checkpoint:g} s: the server holds {established} connections ({queued} of them not yet accepted); "
              f"{client_side_open()} of {len(connected)} still look open from here")
        if established == 0:
            break
    thread.join(timeout=120)
    print(f"a normal request made during the flood: {probe.get('answer', 'no answer within 120 s')}")
    for s in sockets:
        s.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/debug/claimtrace")
    parser.add_argument("--db", help="reuse or create this database (default: a temporary one)")
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--searches", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--upload-mb", type=int, default=0)
    parser.add_argument("--connections", type=int, default=3000)
    parser.add_argument("--hold", type=float, default=15)
    parser.add_argument("--serve-option", action="append", default=[], help="passed on to claimtrace serve")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="claimtrace-load-")
    path = args.db or os.path.join(work, "load.sqlite")
    if not os.path.exists(path):
        build_database(args.binary, path, args.docs)
    port = free_port()
    log = open(os.path.join(work, "serve.log"), "w")
    server = subprocess.Popen([args.binary, "serve", "--db", path, "--port", str(port)] + args.serve_option, stderr=log)
    try:
        for _ in range(300):
            try:
                get(port, "/api/v1/stats", timeout=5)
                break
            except OSError:
                time.sleep(0.1)
        print(f"server: {args.binary} serve --db {path} --port {port} {' '.join(args.serve_option)}")
        if args.searches > 0:
            searches_and_stats(port, args.searches, args.seconds)
        if args.upload_mb > 0:
            upload(port, args.upload_mb)
        if args.connections > 0:
            half_open(port, args.connections, args.hold)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


if __name__ == "__main__":
    sys.exit(main())
