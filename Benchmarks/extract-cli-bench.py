#!/usr/bin/env python3
"""Extraction speed through the command line, as a user runs it, beside jieba.

    python3 Benchmarks/extract-cli-bench.py [--docs ../shared/corpus/docs] [--mb 50]
        [--runs 3] [--guanxi .build/release/guanxi] [--no-jieba]
        [--scale 1000,10000 --scale-docs ../shared/corpus/docs,Graphs/samples]

Speed (the default): copies the documents of --docs again and again under distinct
names into a fresh folder in /tmp until it holds --mb megabytes, then runs, pinned to
one core with `taskset -c 0`,

    guanxi extract DIR -o G.gx            (a new graph file: read, extract, link, journal, snapshot)
    guanxi extract DIR --format jsonl     (JSON Lines to a file)

--runs times each, and reports MB/s of input (UTF-8 bytes of the files) on the best and
the median run, by wall clock and by the child's CPU time (user + system), since the
machine is shared. Then ../shared/bench/jieba_speed.py tags the same --docs files,
also under `taskset -c 0`, in the same run.

Scale (--scale N,M,...): builds folders of N documents from the files of --scale-docs
repeated under distinct names, and times `guanxi extract DIR -o G.gx` on each, so the
growth from 1,000 to 10,000 documents can be read off.

Build first: swift build -c release --product guanxi
One JSON object goes to standard output; progress to standard error.
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SHARED = os.path.normpath(os.path.join(REPO, "..", "shared"))


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def sources(folders):
    files = []
    for folder in folders:
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if os.path.isfile(path) and not name.startswith("."):
                files.append((name, open(path, "rb").read()))
    if not files:
        sys.exit(f"no documents in {folders}")
    return files


def fill(folder, files, megabytes=None, count=None):
    """Writes copies of `files` into `folder` under distinct names; returns (files, bytes)."""
    os.makedirs(folder)
    total = written = 0
    round_ = 0
    while True:
        for name, data in files:
            if megabytes is not None and total >= megabytes * 1_000_000:
                return written, total
            if count is not None and written >= count:
                return written, total
            with open(os.path.join(folder, f"r{round_:05d}_{name}"), "wb") as f:
                f.write(data)
            total += len(data)
            written += 1
        round_ += 1


def timed(command, stdout):
    """Runs `command` pinned to core 0; returns (wall seconds, child CPU seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(["taskset", "-c", "0"] + command, stdout=stdout, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed: {result.stderr.decode(errors='replace')}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.stderr.decode(errors="replace").strip()


def extract_to_graph(guanxi, folder, graph):
    for suffix in ("", ".wal", ".lock"):
        if os.path.exists(graph + suffix):
            os.remove(graph + suffix)
    return timed([guanxi, "extract", folder, "-o", graph], subprocess.DEVNULL)


def extract_to_jsonl(guanxi, folder, out):
    with open(out, "wb") as f:
        return timed([guanxi, "extract", folder, "--format", "jsonl"], f)


def summary(byte_count, runs):
    walls = [w for w, _, _ in runs]
    cpus = [c for _, c, _ in runs]
    return {
        "runs": len(runs),
        "wall_s": walls,
        "cpu_s": cpus,
        "mb_per_s_wall_best": byte_count / min(walls) / 1e6,
        "mb_per_s_wall_median": byte_count / statistics.median(walls) / 1e6,
        "mb_per_s_cpu_best": byte_count / min(cpus) / 1e6,
        "mb_per_s_cpu_median": byte_count / statistics.median(cpus) / 1e6,
        "report": runs[-1][2],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", default=os.path.join(SHARED, "corpus", "docs"))
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--guanxi", default=os.path.join(REPO, ".build", "release", "guanxi"))
    ap.add_argument("--no-jieba", action="store_true")
    ap.add_argument("--scale", default=None, help="document counts, e.g. 1000,10000")
    ap.add_argument("--scale-docs", default=",".join(
        [os.path.join(SHARED, "corpus", "docs"), os.path.join(REPO, "Graphs", "samples")]))
    args = ap.parse_args()
    if not os.path.exists(args.guanxi):
        sys.exit(f"no {args.guanxi}: swift build -c release --product guanxi")
    work = tempfile.mkdtemp(prefix="guanxi-cli-bench-")
    report = {"guanxi": args.guanxi, "date": time.strftime("%Y-%m-%d %H:%M:%S %Z")}
    try:
        if args.scale:
            files = sources(args.scale_docs.split(","))
            rows = []
            for n in [int(x) for x in args.scale.split(",")]:
                folder = os.path.join(work, f"scale{n}")
                count, byte_count = fill(folder, files, count=n)
                log(f"scale: {count} documents, {byte_count / 1e6:.1f} MB")
                runs = [extract_to_graph(args.guanxi, folder, os.path.join(work, f"g{n}.gx"))
                        for _ in range(args.runs)]
                row = {"documents": count, "bytes": byte_count}
                row.update(summary(byte_count, runs))
                rows.append(row)
                shutil.rmtree(folder)
            report["scale"] = rows
            if len(rows) >= 2:
                report["ratio_last_over_first_cpu_median"] = (
                    statistics.median(rows[-1]["cpu_s"]) / statistics.median(rows[0]["cpu_s"]))
        else:
            folder = os.path.join(work, "docs")
            count, byte_count = fill(folder, sources([args.docs]), megabytes=args.mb)
            log(f"{count} documents, {byte_count / 1e6:.1f} MB in {folder}")
            report.update({"documents": count, "bytes": byte_count})
            graph_runs, jsonl_runs = [], []
            for i in range(args.runs):
                graph_runs.append(extract_to_graph(args.guanxi, folder, os.path.join(work, "g.gx")))
                jsonl_runs.append(extract_to_jsonl(args.guanxi, folder, os.path.join(work, "g.jsonl")))
                log(f"run {i + 1}: -o {graph_runs[-1][0]:.2f} s, jsonl {jsonl_runs[-1][0]:.2f} s (wall)")
            report["extract_o"] = summary(byte_count, graph_runs)
            report["extract_o"]["graph_bytes"] = os.path.getsize(os.path.join(work, "g.gx"))
            report["extract_jsonl"] = summary(byte_count, jsonl_runs)
            report["extract_jsonl"]["output_bytes"] = os.path.getsize(os.path.join(work, "g.jsonl"))
            if not args.no_jieba:
                out = os.path.join(work, "jieba.json")
                script = os.path.join(SHARED, "bench", "jieba_speed.py")
                done = subprocess.run(["taskset", "-c", "0", sys.executable, script, "--docs", args.docs,
                                       "--json", out], stdout=sys.stderr)
                if done.returncode == 0 and os.path.exists(out):
                    jieba = json.load(open(out))
                    anchor = jieba["posseg"]["chars_per_s"]
                    characters = sum(len(d.decode("utf-8", errors="replace"))
                                     for _, d in sources([args.docs]))
                    per_byte = characters / sum(len(d) for _, d in sources([args.docs]))
                    report["jieba_posseg_chars_per_s"] = anchor
                    for key in ("extract_o", "extract_jsonl"):
                        chars_per_s = report[key]["mb_per_s_cpu_median"] * 1e6 * per_byte
                        report[key]["ratio_over_jieba_cpu_median"] = chars_per_s / anchor
                else:
                    report["jieba"] = "jieba_speed.py failed (pip install jieba)"
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
