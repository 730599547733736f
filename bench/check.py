#!/usr/bin/env python3
"""Benchmark `tplan check` (the CI gate) against `git diff --stat` in the same run.

Generates plans with ../shared/bench/gen_plan.py (branch `feature`: 50 changed events
and 5 new ones) at each size, then times `tplan check --base main --head feature` and
`git diff --stat main feature` alternately. Also times `tplan schema check` on a
generated static Iglu registry (1,000 schemas x 5 versions).

usage: bench/check.py [--sizes 5000,50000] [--runs 15] [--tplan PATH] [--shared DIR] [--pack]
Build first: cargo build --release
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(cmd, cwd, expect=(0, 1)):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - t0
    if p.returncode not in expect:
        sys.exit(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.decode()}")
    return elapsed, p.returncode


def registry(root, schemas, versions):
    """A static Iglu registry: each schema gains one optional property per version."""
    for n in range(schemas):
        d = os.path.join(root, "schemas", "com.example", f"event_{n:04d}", "jsonschema")
        os.makedirs(d)
        props = {f"field_{i}": {"type": "string", "maxLength": 32} for i in range(10)}
        for v in range(versions):
            if v:
                props[f"added_{v}"] = {"type": ["integer", "null"], "minimum": 0}
            schema = {
                "$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#",
                "self": {"vendor": "com.example", "name": f"event_{n:04d}", "format": "jsonschema", "version": f"1-0-{v}"},
                "type": "object", "properties": props, "required": ["field_0"], "additionalProperties": False,
            }
            with open(os.path.join(d, f"1-0-{v}"), "w") as f:
                json.dump(schema, f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="5000,50000")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--tplan", default=os.path.join(ROOT, "target", "release", "tplan"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--pack", action="store_true", help="pack every plan's repository first")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="tplan-bench-check-")
    medians = []
    print("| plan | `tplan check --base main --head feature` (median) | `git diff --stat main feature` (median) | ratio | exit |")
    print("|---|---|---|---|---|")
    for size in [int(s) for s in a.sizes.split(",")]:
        plan = os.path.join(work, f"plan-{size}")
        subprocess.run([sys.executable, os.path.join(a.shared, "gen_plan.py"), plan, "--events", str(size)], check=True)
        tp, gd, code = [], [], None
        # git's automatic gc may be packing the 50,000 loose objects of the
        # large plan in the background: wait until it is done, or pack every
        # plan with --pack (as a clone in CI is). Then let the writes settle
        # and warm the page cache.
        for _ in range(300):
            if not os.path.exists(os.path.join(plan, ".git", "gc.pid")):
                break
            time.sleep(1)
        if a.pack:
            subprocess.run(["git", "gc", "-q"], cwd=plan, check=True)
        subprocess.run(["sync"], check=True)
        time.sleep(2)
        for _ in range(3):
            timed([a.tplan, "check", "--base", "main", "--head", "feature"], plan)
            timed(["git", "diff", "--stat", "main", "feature"], plan, expect=(0,))
        # Each command in its own block of runs: alternating them run by run
        # lets one evict the other's cached data and times that instead.
        for _ in range(a.runs):
            t, code = timed([a.tplan, "check", "--base", "main", "--head", "feature"], plan)
            tp.append(t)
        for _ in range(a.runs):
            gd.append(timed(["git", "diff", "--stat", "main", "feature"], plan, expect=(0,))[0])
        mt, mg = statistics.median(tp), statistics.median(gd)
        medians.append(mt)
        print(f"| {size} events | {mt * 1000:.1f} ms | {mg * 1000:.1f} ms | {mt / mg:.1f}x | {code} |")
    if len(medians) > 1:
        print(f"\n`tplan check` at the largest size takes {medians[-1] / medians[0]:.2f}x its time at the smallest.")
    reg = os.path.join(work, "registry")
    registry(reg, 1000, 5)
    ts = [timed([a.tplan, "schema", "check", reg], work, expect=(0,))[0] for _ in range(max(3, a.runs // 3))]
    print(f"\n`tplan schema check` on 1,000 schemas x 5 versions (4,000 steps): median {statistics.median(ts):.3f} s, best {min(ts):.3f} s")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
