#!/usr/bin/env python3
"""Benchmark `tplan merge` on the shared 5k plan.

Generates the plan with ../shared/bench/gen_plan.py (branch `feature`: 50 changed
events and 5 new ones), then branch `other` from main changing 50 *other* events
(their descriptions, and one field each), and times `tplan merge feature` on `other`:
a clean three-way merge with 50 changed events on each side. Before each run the
branch and work tree are reset to where they were (not timed). `git merge feature`
(ort, line-based) is timed the same way for comparison.

usage: bench/merge.py [--events 5000] [--runs 15] [--tplan PATH] [--shared DIR] [--pack]
Build first: cargo build --release
"""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(os.environ, GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.com",
           GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com", NO_COLOR="1")


def sh(*cmd, cwd):
    return subprocess.run(cmd, cwd=cwd, check=True, env=ENV, stdout=subprocess.PIPE).stdout.decode()


def timed(cmd, cwd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.decode()}")
    return elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--tplan", default=os.path.join(ROOT, "target", "release", "tplan"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--pack", action="store_true", help="pack the repository first (as a clone is)")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="tplan-bench-merge-")
    plan = os.path.join(work, "plan")
    subprocess.run([sys.executable, os.path.join(a.shared, "gen_plan.py"), plan, "--events", str(a.events)], check=True)

    # Branch `other`: 50 events that `feature` leaves alone.
    touched = set(sh("git", "diff", "--name-only", "main", "feature", cwd=plan).split())
    sh("git", "checkout", "-q", "-b", "other", "main", cwd=plan)
    events = sorted(f"events/{n}" for n in os.listdir(os.path.join(plan, "events")))
    picked = [e for e in events if e not in touched][::97][:50]
    assert len(picked) == 50, len(picked)
    for path in picked:
        full = os.path.join(plan, path)
        text = open(full).read()
        text = re.sub(r'^description = ".*"$', 'description = "Reworded on the other branch"', text, count=1, flags=re.M)
        text = text.replace('description = "Property number 2" }', 'description = "Property number 2", max_length = 64 }', 1)
        open(full, "w").write(text)
    sh("git", "commit", "-qam", "Other changes", cwd=plan)
    start = sh("git", "rev-parse", "HEAD", cwd=plan).strip()

    for _ in range(300):
        if not os.path.exists(os.path.join(plan, ".git", "gc.pid")):
            break
        time.sleep(1)
    if a.pack:
        sh("git", "gc", "-q", cwd=plan)
    subprocess.run(["sync"], check=True)

    def reset():
        # Back to `other` before the merge: ref, index and work tree.
        sh("git", "reset", "-q", "--hard", start, cwd=plan)

    def runs(cmd, n):
        out = []
        for _ in range(n):
            reset()
            out.append(timed(cmd, plan))
        return out

    tplan_cmd = [a.tplan, "merge", "feature", "-m", "bench"]
    git_cmd = ["git", "merge", "-q", "--no-edit", "feature"]
    runs(tplan_cmd, 3)
    runs(git_cmd, 3)
    tp = runs(tplan_cmd, a.runs)
    gm = runs(git_cmd, a.runs)
    # The merge is clean and has both parents.
    reset()
    sh(*tplan_cmd, cwd=plan)
    parents = sh("git", "log", "-1", "--format=%P", cwd=plan).split()
    assert len(parents) == 2, parents
    assert sh("git", "status", "--porcelain", cwd=plan) == "", "git status is clean after tplan merge"
    mt, mg = statistics.median(tp), statistics.median(gm)
    print(f"| plan | `tplan merge feature` (median, best) | `git merge feature` (median) | ratio |")
    print(f"|---|---|---|---|")
    print(f"| {a.events} events{', packed' if a.pack else ''} | {mt * 1000:.0f} ms, {min(tp) * 1000:.0f} ms | {mg * 1000:.0f} ms | {mt / mg:.1f}x |")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
