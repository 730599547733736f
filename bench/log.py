#!/usr/bin/env python3
"""Benchmark `tplan log EVENT` and `tplan blame EVENT` over a 5,000-commit history.

Generates the shared 5k plan with ../shared/bench/gen_plan.py, appends a history with
bench/history.py (5,000 commits: a third edit one of 50 hot events, every 25th a shared
property, merges, release tags; then `git repack -adf`), and times:

  tplan log event_000007          (a hot event: its own edits and its shared properties')
  tplan log event_004321          (a cold event: the walk goes back to the root)
  tplan blame event_000007
  git log --format=%H -- events/event_000007.toml   (the same walk, without classes)

usage: bench/log.py [--events 5000] [--commits 5000] [--runs 9] [--tplan PATH] [--shared DIR]
       [--no-repack]
Build first: cargo build --release
"""
import argparse, os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(os.environ, GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.com",
           GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com", NO_COLOR="1")


def timed(cmd, cwd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.decode()}")
    return elapsed, p.stdout.decode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=5000)
    ap.add_argument("--commits", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--tplan", default=os.path.join(ROOT, "target", "release", "tplan"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--no-repack", action="store_true", help="keep fast-import's pack layout")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="tplan-bench-log-")
    plan = os.path.join(work, "plan")
    subprocess.run([sys.executable, os.path.join(a.shared, "gen_plan.py"), plan,
                    "--events", str(a.events)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=plan, check=True)
    history = [sys.executable, os.path.join(ROOT, "bench", "history.py"), plan,
               "--commits", str(a.commits)]
    if a.no_repack:
        history.append("--no-repack")
    subprocess.run(history, check=True, env=ENV)
    count = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=plan, check=True,
                           stdout=subprocess.PIPE).stdout.decode().strip()
    print(f"history: {count} commits on main ({'as fast-import left it' if a.no_repack else 'repacked'})")

    cases = [
        ("tplan log event_000007", [a.tplan, "log", "event_000007", "--format", "json"]),
        ("tplan log event_004321", [a.tplan, "log", "event_004321", "--format", "json"]),
        ("tplan blame event_000007", [a.tplan, "blame", "event_000007", "--format", "json"]),
        ("git log -- events/event_000007.toml",
         ["git", "log", "--format=%H", "--", "events/event_000007.toml"]),
    ]
    timed(cases[0][1], plan)  # warm the page cache
    for label, cmd in cases:
        times, out = [], ""
        for _ in range(a.runs):
            t, out = timed(cmd, plan)
            times.append(t)
        extra = ""
        if cmd[0] == a.tplan and cmd[1] == "log":
            import json
            extra = f"  ({len(json.loads(out)['commits'])} commits)"
        elif cmd[0] == "git":
            extra = f"  ({len(out.split())} commits)"
        print(f"{label:40} median {statistics.median(times) * 1000:7.0f} ms"
              f"  min {min(times) * 1000:7.0f} ms{extra}")


if __name__ == "__main__":
    main()
