#!/usr/bin/env python3
"""Make a long plan history for benchmarks of `tplan log` and `tplan blame`.

Takes a repository made by ../shared/bench/gen_plan.py and appends COMMITS commits to
`main` with `git fast-import` (seconds, not minutes): each edits one event (its
description, or one property's), a third of them one of 50 "hot" events
(event_000000 to event_000049, so those have long histories), every 25th a shared
property, every 100th is a merge of a two-commit side branch, and every 500th is
tagged `plan-v1.<n>.0` (a release). Commit times grow by a minute per commit from the
base commit's. Then `git repack -adf`: fast-import's deltas run from old objects to new
ones, a layout no clone or `git gc` produces (see docs/performance.md).

usage: bench/history.py REPO [--commits 5000] [--seed 7] [--no-repack]
"""
import argparse, os, random, re, subprocess, sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("repo")
    ap.add_argument("--commits", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-repack", action="store_true", help="keep fast-import's pack as it is")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    repo = a.repo
    events = sorted(os.listdir(os.path.join(repo, "events")))
    shared = sorted(os.listdir(os.path.join(repo, "properties")))
    text = {}

    def read(path):
        if path not in text:
            with open(os.path.join(repo, path)) as f:
                text[path] = f.read()
        return text[path]

    def edit_event(path, n):
        t = read(path)
        if n % 2:
            t = re.sub(r'^description = ".*"$', f'description = "Edit {n}"', t, count=1, flags=re.M)
        else:
            t = re.sub(r'(field_3 = \{.*description = )"[^"]*"', rf'\1"Edit {n}"', t, count=1)
        text[path] = t
        return t

    def edit_shared(path, n):
        t = re.sub(r'^description = ".*"$', f'description = "Shared edit {n}"', read(path), count=1, flags=re.M)
        text[path] = t
        return t

    out = []
    mark = 0
    time0 = int(subprocess.run(["git", "log", "-1", "--format=%ct", "main"], cwd=repo, check=True,
                               capture_output=True, text=True).stdout)

    def data(s):
        b = s.encode()
        out.append(f"data {len(b)}\n".encode())
        out.append(b)
        out.append(b"\n")

    hot = events[:50]

    def pick():
        return "events/" + (rng.choice(hot) if rng.random() < 1 / 3 else rng.choice(events))

    def commit(ref, n, message, changes, parent=None, merge=None):
        nonlocal mark
        mark += 1
        out.append(f"commit {ref}\nmark :{mark}\n".encode())
        who = "Pat PM <pat@acme.com>" if n % 3 else "Ana Analyst <ana@acme.com>"
        out.append(f"author {who} {time0 + 60 * n} +0000\ncommitter {who} {time0 + 60 * n} +0000\n".encode())
        data(message)
        if parent:
            out.append(f"from {parent}\n".encode())
        if merge:
            out.append(f"merge {merge}\n".encode())
        for path, t in changes:
            b = t.encode()
            out.append(f"M 100644 inline {path}\ndata {len(b)}\n".encode())
            out.append(b)
            out.append(b"\n")
        return f":{mark}"

    main_tip = subprocess.run(["git", "rev-parse", "main"], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()
    tip = main_tip
    n = 0
    releases = 0
    while n < a.commits:
        n += 1
        if n % 100 == 0:
            # A side branch of two commits, merged back.
            side = tip
            side_changes = []
            for k in range(2):
                path = pick()
                change = (path, edit_event(path, n * 10 + k))
                side_changes.append(change)
                side = commit("refs/heads/side", n, f"Side edit {n}.{k}", [change], parent=side)
            tip = commit("refs/heads/main", n, f"Merge branch 'side-{n}'", side_changes, parent=tip, merge=side)
        elif n % 25 == 0:
            path = "properties/" + rng.choice(shared)
            tip = commit("refs/heads/main", n, f"Reword {path}", [(path, edit_shared(path, n))], parent=tip)
        else:
            path = pick()
            tip = commit("refs/heads/main", n, f"Edit {path} ({n})", [(path, edit_event(path, n))], parent=tip)
        if n % 500 == 0:
            releases += 1
            out.append(f"reset refs/tags/plan-v1.{releases}.0\nfrom {tip}\n\n".encode())
    out.append(b"reset refs/heads/side\nfrom 0000000000000000000000000000000000000000\n\n")
    p = subprocess.run(["git", "fast-import", "--quiet", "--force"], cwd=repo, input=b"".join(out))
    if p.returncode:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "branch", "-q", "-D", "side"], cwd=repo, stderr=subprocess.DEVNULL)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=repo, check=True)
    if not a.no_repack:
        subprocess.run(["git", "repack", "-adfq"], cwd=repo, check=True)
    count = subprocess.run(["git", "rev-list", "--count", "main"], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()
    print(f"{repo}: main has {count} commits, {releases} release tags")


if __name__ == "__main__":
    main()
