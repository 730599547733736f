#!/usr/bin/env python3
"""Peak memory of the three inputs issue 15 found unbounded; fails above --limit MB.

Builds, in a temporary folder, an empty plan (`tplan init`, committed on `main`) and:

  payloads.ndjson   2,000,000 lines, each a distinct event the plan does not have
  plan.csv          1,000,000 rows: 50,000 events of 20 properties (the export's columns)
  segment.json      a Segment Config API plan (`rules.events[]`, pretty-printed, ~226 MB):
                    40,000 track events of 20 properties each
  extra.ndjson      200,000 `Signed In` tracks of the example plan (`tplan init --example`),
                    each with 40 made-up properties (8,000,000 distinct failing paths)

then runs the release binary once per case under GNU time (`/usr/bin/time -f "%e %M"`):

  tplan validate payloads.ndjson                    (human report)
  tplan validate payloads.ndjson --format json
  tplan import csv plan.csv --format json           (into a fresh copy of the plan)
  tplan import segment segment.json --format json   (into a fresh copy of the plan)
  tplan validate extra.ndjson --format json         (in the example plan)

and prints wall time and peak RSS per case. Exits 1 when a case peaks above --limit MB
(1 MB = 1,000,000 bytes) or exits with an unexpected code.

usage: bench/memory.py [--limit 200] [--scale 1.0] [--tplan PATH] [--keep]
Build first: cargo build --release
"""
import argparse, json, os, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = dict(os.environ, GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.com",
           GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com")
TYPES = ["string", "number", "integer", "boolean"]


def run(cmd, cwd):
    subprocess.run(cmd, cwd=cwd, check=True, env=ENV, stdout=subprocess.DEVNULL)


def timed(cmd, cwd, codes):
    """Wall seconds and peak RSS (KiB) of one run, via GNU time; stdout discarded."""
    p = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, cwd=cwd, env=ENV,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.decode(errors="replace")
    if p.returncode not in codes:
        sys.exit(f"{' '.join(cmd)} exited {p.returncode}:\n{err[-3000:]}")
    wall, rss = err.strip().splitlines()[-1].split()
    return float(wall), int(rss)


def empty_plan(tplan, path):
    os.makedirs(path)
    run(["git", "init", "-q", "-b", "main"], path)
    run([tplan, "init", "--name", "Bench", "--vendor", "com.acme"], path)
    run(["git", "add", "-A"], path)
    run(["git", "commit", "-qm", "init"], path)


def write_payloads(path, lines):
    with open(path, "w") as f:
        for i in range(lines):
            f.write(f'{{"event":"Unplanned Event {i:07d}","properties":{{"n":{i % 97}}}}}\n')


def write_extra(path, lines, per_line):
    n = 0
    with open(path, "w") as f:
        for _ in range(lines):
            props = {}
            for _ in range(per_line):
                props[f"{n:x}"] = 1
                n += 1
            f.write(json.dumps({"event": "Signed In", "properties": props},
                               separators=(",", ":")) + "\n")


def event_name(i):
    return f"Feature {i:05d} Used"


def write_csv(path, events, properties):
    import csv
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["event", "event description", "property", "type", "required",
                    "description", "allowed values", "owner"])
        for e in range(events):
            name, desc = event_name(e), f"The user used feature {e}, from any screen."
            owner = f"Team {e % 20}"
            for p in range(properties):
                t = TYPES[p % len(TYPES)]
                allowed = "web | ios | android" if p == 3 else ""
                if allowed:
                    t = "string"
                w.writerow([name, desc, f"prop_{p:02d}", t, "yes" if p < 3 else "no",
                            f"Property {p} of feature {e}.", allowed, owner])


def segment_event(e, properties):
    props, required = {}, []
    for p in range(properties):
        name = f"prop_{p:02d}"
        props[name] = {"id": f"/properties/properties/properties/{name}",
                       "description": f"Property {p} of feature {e}, as the app sends it.",
                       "type": TYPES[p % len(TYPES)]}
        if p == 3:
            props[name] = dict(props[name], type="string", enum=["web", "ios", "android"])
        if p < 3:
            required.append(name)
    return {
        "name": event_name(e),
        "description": f"The user used feature {e}, from any screen.",
        "rules": {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "labels": {"area": f"area-{e % 10}"},
            "properties": {
                "context": {},
                "traits": {"type": "object"},
                "properties": {"type": "object", "properties": props, "required": required},
            },
            "required": ["properties"],
        },
        "version": 1,
    }


def write_segment(path, events, properties):
    # Written event by event, pretty-printed as Segment's API returns it.
    with open(path, "w") as f:
        f.write('{\n  "name": "workspaces/bench/tracking-plans/rs_bench",\n'
                '  "display_name": "Bench",\n  "rules": {\n    "events": [\n')
        for e in range(events):
            text = json.dumps(segment_event(e, properties), indent=2)
            f.write(("" if e == 0 else ",\n") + "\n".join("      " + l for l in text.splitlines()))
        f.write('\n    ],\n    "identify_traits": [],\n    "group_traits": []\n  }\n}\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=float, default=200, help="MB (10^6 bytes) per case")
    ap.add_argument("--scale", type=float, default=1.0, help="input sizes times this")
    ap.add_argument("--tplan", default=os.path.join(ROOT, "target", "release", "tplan"))
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    a = ap.parse_args()
    tplan = os.path.abspath(a.tplan)
    if not os.path.exists(tplan):
        sys.exit(f"{tplan} not found: run `cargo build --release` first")
    work = tempfile.mkdtemp(prefix="tplan-bench-memory-")
    lines, csv_events = int(2_000_000 * a.scale), int(50_000 * a.scale)
    segment_events = int(40_000 * a.scale)
    base = os.path.join(work, "plan")
    empty_plan(tplan, base)
    payloads = os.path.join(work, "payloads.ndjson")
    write_payloads(payloads, lines)
    plan_csv = os.path.join(work, "plan.csv")
    write_csv(plan_csv, csv_events, 20)
    segment = os.path.join(work, "segment.json")
    write_segment(segment, segment_events, 20)
    example = os.path.join(work, "example")
    os.makedirs(example)
    run(["git", "init", "-q", "-b", "main"], example)
    run([tplan, "init", "--example"], example)
    run(["git", "add", "-A"], example)
    run(["git", "commit", "-qm", "example"], example)
    extra = os.path.join(work, "extra.ndjson")
    write_extra(extra, int(200_000 * a.scale), 40)
    mb = lambda p: os.path.getsize(p) / 1e6
    print(f"inputs in {work}: payloads {lines:,} lines ({mb(payloads):.0f} MB), "
          f"plan.csv {csv_events * 20:,} rows ({mb(plan_csv):.0f} MB), "
          f"segment.json {segment_events:,} events ({mb(segment):.0f} MB), "
          f"extra.ndjson ({mb(extra):.0f} MB)")
    cases = [
        ("tplan validate payloads.ndjson", [tplan, "validate", payloads], base, (0, 1)),
        ("tplan validate payloads.ndjson --format json",
         [tplan, "validate", payloads, "--format", "json"], base, (0, 1)),
        ("tplan import csv plan.csv", [tplan, "import", "csv", plan_csv, "--format", "json"],
         "fresh", (0,)),
        ("tplan import segment segment.json",
         [tplan, "import", "segment", segment, "--format", "json"], "fresh", (0,)),
        ("tplan validate extra.ndjson --format json",
         [tplan, "validate", extra, "--format", "json"], example, (1,)),
    ]
    over = []
    print(f"| case | wall | peak RSS |")
    print(f"|---|---|---|")
    for i, (label, cmd, cwd, codes) in enumerate(cases):
        if cwd == "fresh":
            cwd = os.path.join(work, f"plan{i}")
            shutil.copytree(base, cwd, symlinks=True)
        wall, kib = timed(cmd, cwd, codes)
        peak = kib * 1024 / 1e6
        print(f"| `{label}` | {wall:.2f} s | {peak:.0f} MB |", flush=True)
        if peak > a.limit:
            over.append(f"{label}: {peak:.0f} MB")
    if not a.keep:
        shutil.rmtree(work)
    if over:
        sys.exit(f"FAILED: above {a.limit:.0f} MB: " + "; ".join(over))
    print(f"all cases under {a.limit:.0f} MB")


if __name__ == "__main__":
    main()
