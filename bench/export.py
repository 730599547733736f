#!/usr/bin/env python3
"""Benchmark `tplan export html` (and markdown, csv) on the shared 5k plan.

Generates the plan with ../shared/bench/gen_plan.py and times each export into a fresh
folder (the folder is removed between runs, not timed).

With --history N, N commits are appended first (bench/history.py), so catalog pages
carry real histories (each page lists an event's last ten commits, from one walk).

usage: bench/export.py [--events 5000] [--runs 5] [--history 0] [--tplan PATH] [--shared DIR]
Build first: cargo build --release
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--history", type=int, default=0, help="commits to append first")
    ap.add_argument("--tplan", default=os.path.join(ROOT, "target", "release", "tplan"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "bench"))
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="tplan-bench-export-")
    plan = os.path.join(work, "plan")
    subprocess.run([sys.executable, os.path.join(a.shared, "gen_plan.py"), plan,
                    "--events", str(a.events)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=plan, check=True)
    if a.history:
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "history.py"), plan,
                        "--commits", str(a.history)], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=plan, check=True)
    for target in ["html", "markdown", "csv"]:
        times = []
        for _ in range(a.runs):
            out = os.path.join(work, "out")
            shutil.rmtree(out, ignore_errors=True)
            dest = ["--out", out + ".csv"] if target == "csv" else ["--out", out]
            t0 = time.perf_counter()
            subprocess.run([a.tplan, "export", target] + dest, cwd=plan, check=True,
                           stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - t0)
        print(f"tplan export {target:9} median {statistics.median(times) * 1000:6.0f} ms  "
              f"best {min(times) * 1000:6.0f} ms")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
