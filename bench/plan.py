#!/usr/bin/env python3
"""Benchmark tplan on a large generated plan: wall time and peak RSS per command.

Generates a plan with ../shared/bench/gen_plan.py (default 5,000 events, 20 inline
properties and 3 shared references each), then runs each command --runs times and
prints a Markdown table (median and best wall time, peak RSS of the tplan process).

usage: bench/plan.py [--events N] [--runs R] [--tplan PATH] [--shared DIR] [--keep]
Build first: cargo build --release
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, cwd):
    """Runs cmd once; returns (seconds, peak RSS in MiB, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    if proc.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return elapsed, usage.ru_maxrss / 1024, proc.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tplan", default=os.path.join(ROOT, "target", "release", "tplan"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--keep", action="store_true", help="keep the generated plan")
    a = ap.parse_args()
    if not os.path.exists(a.tplan):
        sys.exit(f"{a.tplan} not found: run `cargo build --release` first")
    work = tempfile.mkdtemp(prefix="tplan-bench-")
    plan = os.path.join(work, "plan")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, os.path.join(a.shared, "gen_plan.py"), plan,
                    "--events", str(a.events)], check=True)
    print(f"generated {a.events} events in {time.perf_counter() - t0:.1f} s: {plan}", file=sys.stderr)
    out = os.path.join(work, "registry")
    commands = [
        ("tplan lint (work tree)", [a.tplan, "lint", "--format", "json"]),
        ("tplan lint main (object database)", [a.tplan, "lint", "main", "--format", "json"]),
        ("tplan ls", [a.tplan, "ls"]),
        ("tplan export iglu", [a.tplan, "export", "iglu", "--out", out]),
        ("tplan export jsonschema", [a.tplan, "export", "jsonschema", "--out", out + "-json"]),
    ]
    print(f"| command ({a.events} events, {a.runs} runs) | median | best | peak RSS |")
    print("|---|---|---|---|")
    for label, cmd in commands:
        times, rss = [], 0.0
        for i in range(a.runs):
            if "export" in label:
                # A fresh folder each run: deleting thousands of files just
                # before (ext4 with `discard`) slows the next writes for seconds.
                cmd = cmd[:-1] + [f"{cmd[-1].rsplit('.run', 1)[0]}.run{i}"]
            t, r, _ = run(cmd, plan)
            times.append(t)
            rss = max(rss, r)
        print(f"| `{label}` | {statistics.median(times):.3f} s | {min(times):.3f} s | {rss:.0f} MiB |")
    # The floor for the exports: the same number of folders and files written by
    # a plain loop, so a slow disk shows as a slow floor, not as slow tplan.
    times = []
    for i in range(a.runs):
        root = os.path.join(work, f"floor.run{i}")
        t0 = time.perf_counter()
        for n in range(a.events):
            d = os.path.join(root, "schemas", "com.example", f"event_{n:06d}", "jsonschema")
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "1-0-0"), "w") as f:
                f.write("x" * 2500)
        times.append(time.perf_counter() - t0)
    print(f"| floor: write the Iglu layout's folders and files from Python | "
          f"{statistics.median(times):.3f} s | {min(times):.3f} s | |")
    if a.keep:
        print(f"kept {work}", file=sys.stderr)
    else:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
