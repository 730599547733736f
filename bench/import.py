#!/usr/bin/env python3
"""Benchmark `tplan import iglu` on a 1,000-schema static Iglu registry.

The registry is the shared generator's plan (../shared/bench/gen_plan.py, 1,000 events by
default) exported with `tplan export iglu`, plus a second version (1-0-1) of every fifth
schema, so the importer also picks latest versions. Each run imports into a fresh empty
plan on a new branch; setup is not timed.

usage: bench/import.py [--events 1000] [--runs 5] [--tplan PATH] [--shared DIR]
Build first: cargo build --release
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, cwd, **kw):
    return subprocess.run(cmd, cwd=cwd, check=True, **kw)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tplan", default=os.path.join(ROOT, "target", "release", "tplan"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared", "bench"))
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="tplan-bench-import-")
    source = os.path.join(work, "source")
    run([sys.executable, os.path.join(a.shared, "gen_plan.py"), source, "--events", str(a.events)],
        cwd=work, stdout=subprocess.DEVNULL)
    run(["git", "checkout", "-q", "main"], cwd=source)
    registry = os.path.join(work, "registry")
    run([a.tplan, "export", "iglu", "--out", registry], cwd=source, stdout=subprocess.DEVNULL)
    schemas = []
    for dirpath, _, files in os.walk(os.path.join(registry, "schemas")):
        schemas += [os.path.join(dirpath, f) for f in files]
    schemas.sort()
    for path in schemas[::5]:
        with open(path) as f:
            schema = json.load(f)
        schema["self"]["version"] = "1-0-1"
        schema["properties"]["bench_added"] = {"type": ["string", "null"], "maxLength": 64}
        with open(os.path.join(os.path.dirname(path), "1-0-1"), "w") as f:
            json.dump(schema, f, indent=2)
    count = sum(len(fs) for _, _, fs in os.walk(os.path.join(registry, "schemas")))
    times = []
    for i in range(a.runs):
        plan = os.path.join(work, f"plan{i}")
        os.makedirs(plan)
        run(["git", "init", "-q", "-b", "main"], cwd=plan)
        run([a.tplan, "init", "--name", "Bench", "--vendor", "com.acme"], cwd=plan,
            stdout=subprocess.DEVNULL)
        run(["git", "add", "-A"], cwd=plan)
        run(["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "commit",
             "-qm", "init"], cwd=plan)
        env = dict(os.environ, GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.com",
                   GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com")
        t0 = time.perf_counter()
        done = subprocess.run([a.tplan, "import", "iglu", registry, "--format", "json"], cwd=plan,
                              env=env, stdout=subprocess.PIPE)
        times.append(time.perf_counter() - t0)
        if done.returncode != 0:
            sys.exit(f"import failed ({done.returncode}): {done.stdout[:2000]}")
        report = json.loads(done.stdout)
        shutil.rmtree(plan)
    print(f"registry: {count} schema files, {len(report['events'])} events imported, "
          f"{len(report['versions'])} versions locked")
    print(f"tplan import iglu  median {statistics.median(times) * 1000:6.0f} ms  "
          f"best {min(times) * 1000:6.0f} ms  ({a.runs} runs)")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
