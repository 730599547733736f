#!/usr/bin/env python3
"""Benchmark `tplan publish` on the shared 5k plan, and `tplan proposals` with 1,000 proposals.

1. ../shared/bench/gen_plan.py makes the plan (`main`: 5,000 events; `feature`: 50 changed
   events and 5 new ones, branched before the first release).
2. A first release: branch `bootstrap` rewords one event, is proposed, approved by a member
   of every owner, and published (5,000 events at 1-0-0; timed once, for the record).
3. `feature` is proposed and approved; `tplan publish 2` is timed: the base moved since the
   branch (the first release), so publish merges again, classifies 55 events against the lock,
   writes lock, manifest, changelog, tag, registry and proposal. Before each run the refs and
   the work tree are put back (not timed).
4. 1,000 proposals are created (`--proposals`), and `tplan proposals --state all` is timed.

usage: bench/publish.py [--events 5000] [--runs 9] [--proposals 1000] [--tplan PATH] [--shared DIR]
Build first: cargo build --release
"""
import argparse, os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(os.environ, GIT_AUTHOR_NAME="Bench PM", GIT_AUTHOR_EMAIL="pm@example.com",
           GIT_COMMITTER_NAME="Bench PM", GIT_COMMITTER_EMAIL="pm@example.com", NO_COLOR="1")


def sh(*cmd, cwd, check=True):
    p = subprocess.run(cmd, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if check and p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.decode()}")
    return p.stdout.decode()


def timed(cmd, cwd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.decode()}")
    return elapsed, p.stdout.decode()


def approve_all(tplan, plan, number):
    for i in range(20):
        sh(tplan, "review", str(number), "--approve", "--as", f"Team {i} <team_{i}@example.com>", cwd=plan)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--proposals", type=int, default=1000)
    ap.add_argument("--tplan", default=os.path.join(ROOT, "target", "release", "tplan"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "bench"))
    a = ap.parse_args()
    t = a.tplan
    work = tempfile.mkdtemp(prefix="tplan-bench-publish-")
    plan = os.path.join(work, "plan")
    subprocess.run([sys.executable, os.path.join(a.shared, "gen_plan.py"), plan,
                    "--events", str(a.events)], check=True, stdout=subprocess.DEVNULL)
    sh("git", "checkout", "-q", "main", cwd=plan)

    # The first release.
    sh(t, "switch", "-c", "bootstrap", cwd=plan)
    path = os.path.join(plan, "events", sorted(os.listdir(os.path.join(plan, "events")))[0])
    text = open(path).read().replace('description = "', 'description = "Reworded: ', 1)
    open(path, "w").write(text)
    sh(t, "commit", "-m", "Bootstrap", cwd=plan)
    sh(t, "propose", "-m", "First release", cwd=plan)
    sh(t, "switch", "main", cwd=plan)
    approve_all(t, plan, 1)
    first, _ = timed([t, "publish", "1"], plan)
    print(f"first publish ({a.events} events at 1-0-0): {first * 1000:.0f} ms")

    # The measured release.
    sh(t, "switch", "feature", cwd=plan)
    sh(t, "propose", "-m", "Feature", cwd=plan)
    sh(t, "switch", "main", cwd=plan)
    approve_all(t, plan, 2)
    saved = {ref: sh("git", "rev-parse", ref, cwd=plan).strip()
             for ref in ["refs/heads/main", "refs/tplan/registry", "refs/tplan/proposals/2"]}
    times, out = [], ""
    for _ in range(a.runs):
        elapsed, out = timed([t, "publish", "2", "--format", "json"], plan)
        times.append(elapsed)
        tag = [l for l in out.splitlines() if '"tag"' in l][0].split('"')[3]
        sh("git", "tag", "-d", tag, cwd=plan)
        for ref, old in saved.items():
            sh("git", "update-ref", ref, old, cwd=plan)
        sh("git", "reset", "-q", "--hard", cwd=plan)
    import json
    report = json.loads(out)
    print(f"tplan publish 2 ({len(report['events'])} events, plan {report['version']}): "
          f"median {statistics.median(times) * 1000:.0f} ms, best {min(times) * 1000:.0f} ms")

    # 1,000 proposals: records written with git plumbing (seconds, not minutes).
    head = saved["refs/heads/main"]
    updates = []
    for n in range(3, a.proposals + 3):
        record = (f'number = {n}\ntitle = "Proposal {n}"\nbase = "main"\nhead = "feature"\n'
                  f'author = "Bench PM <pm@example.com>"\nstate = "{["open", "closed"][n % 2]}"\n'
                  f'created = "2026-11-25T10:00:00Z"\nproposed_commit = "{head}"\n')
        blob = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=plan, input=record.encode(),
                              stdout=subprocess.PIPE, check=True).stdout.decode().strip()
        tree = subprocess.run(["git", "mktree"], cwd=plan, input=f"100644 blob {blob}\tproposal.toml\n".encode(),
                              stdout=subprocess.PIPE, check=True).stdout.decode().strip()
        commit = sh("git", "commit-tree", tree, "-m", f"Propose #{n}", cwd=plan).strip()
        updates.append(f"create refs/tplan/proposals/{n} {commit}\n")
    subprocess.run(["git", "update-ref", "--stdin"], cwd=plan, input="".join(updates).encode(), check=True)
    total = a.proposals + 2
    for layout in ["loose refs", "packed refs"]:
        if layout == "packed refs":
            sh("git", "pack-refs", "--all", cwd=plan)
        times = []
        for _ in range(a.runs):
            elapsed, out = timed([t, "proposals", "--state", "all", "--format", "json"], plan)
            times.append(elapsed)
        listed = len(json.loads(out)["proposals"])
        assert listed == total, (listed, total)
        print(f"tplan proposals --state all ({listed}, {layout}): "
              f"median {statistics.median(times) * 1000:.0f} ms, best {min(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
