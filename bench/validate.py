#!/usr/bin/env python3
"""Benchmark `tplan validate` against the two peers in ../shared/bench/, in one run.

Generates the shared 5k plan (gen_plan.py) and 200,000 payloads (gen_payloads.py, ~73 MB,
about 2% invalid), builds ../shared/bench/raw-validate (a plain single-thread loop over the
jsonschema crate, built the same way: no default features) in a temporary copy, installs
Ajv (npm ci) in a temporary copy, then times, alternating, each whole run (start to report):

  tplan validate payloads.ndjson --format json     (in the plan's work tree)
  raw-validate schemas/ payloads.ndjson
  node validate.mjs schemas/ payloads.ndjson        (Ajv 8, draft 2020-12)

and reports medians, ratios and peak RSS (GNU time). With --gb it also concatenates the
payloads to about 1 GB and records tplan's time and peak RSS on it.

usage: bench/validate.py [--runs 5] [--ajv-runs 2] [--gb] [--tplan PATH] [--shared DIR]
Build first: cargo build --release
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(cmd, cwd):
    """Wall seconds and peak RSS (KiB) of one run, via GNU time."""
    p = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, cwd=cwd,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.decode()[-2000:]}")
    wall, rss = p.stderr.decode().strip().splitlines()[-1].split()
    return float(wall), int(rss), p.stdout.decode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--ajv-runs", type=int, default=2)
    ap.add_argument("--gb", action="store_true", help="also a ~1 GB file (tplan only)")
    ap.add_argument("--tplan", default=os.path.join(ROOT, "target", "release", "tplan"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "bench"))
    a = ap.parse_args()
    shared = os.path.abspath(a.shared)
    work = tempfile.mkdtemp(prefix="tplan-bench-validate-")
    plan, out = os.path.join(work, "plan"), os.path.join(work, "out")
    subprocess.run([sys.executable, os.path.join(shared, "gen_plan.py"), plan], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=plan, check=True)
    subprocess.run([sys.executable, os.path.join(shared, "gen_payloads.py"), plan, out], check=True)
    payloads = os.path.join(out, "payloads.ndjson")
    schemas = os.path.join(out, "schemas")

    raw = os.path.join(work, "raw-validate")
    shutil.copytree(os.path.join(shared, "raw-validate"), raw)
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=raw, check=True)
    raw_bin = os.path.join(raw, "target", "release", "raw-validate")
    ajv = os.path.join(work, "ajv")
    shutil.copytree(os.path.join(shared, "ajv"), ajv)
    subprocess.run(["npm", "ci", "--silent"], cwd=ajv, check=True)

    cases = {
        "tplan validate": ([a.tplan, "validate", payloads, "--format", "json"], plan, a.runs),
        "raw-validate": ([raw_bin, schemas, payloads], work, a.runs),
        "ajv": (["node", os.path.join(ajv, "validate.mjs"), schemas, payloads], work, a.ajv_runs),
    }
    # A peer given 0 runs is left out (--ajv-runs 0: Ajv takes ~15 s a run).
    cases = {name: case for name, case in cases.items() if case[2] > 0}
    # Warm the page cache, and check that all three agree on the counts.
    counts = {}
    for name, (cmd, cwd, _) in cases.items():
        _, _, text = timed(cmd, cwd)
        if name == "tplan validate":
            import json
            r = json.loads(text)
            counts[name] = (r["valid"], r["invalid"])
        else:
            words = text.split()
            counts[name] = (int(words[1]), int(words[3]))
    print("counts (valid, invalid):", counts)
    results = {name: [] for name in cases}
    for i in range(max(a.runs, a.ajv_runs)):
        for name, (cmd, cwd, runs) in cases.items():
            if i < runs:
                wall, rss, _ = timed(cmd, cwd)
                results[name].append((wall, rss))
    med = {n: statistics.median(w for w, _ in r) for n, r in results.items()}
    for name, r in results.items():
        print(f"{name:16} median {med[name]:6.2f} s  best {min(w for w, _ in r):6.2f} s  "
              f"peak RSS {max(m for _, m in r) / 1024:6.0f} MiB  ({len(r)} runs)")
    for peer in ("raw-validate", "ajv"):
        if peer in med:
            print(f"tplan vs {peer}: {med[peer] / med['tplan validate']:.2f}x faster")

    if a.gb:
        big = os.path.join(out, "big.ndjson")
        with open(big, "wb") as f:
            chunk = open(payloads, "rb").read()
            for _ in range(max(1, (1 << 30) // len(chunk))):
                f.write(chunk)
        size = os.path.getsize(big) / (1 << 20)
        wall, rss, _ = timed([a.tplan, "validate", big, "--format", "json"], plan)
        print(f"tplan validate on {size:.0f} MiB: {wall:.2f} s, peak RSS {rss / 1024:.0f} MiB")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
