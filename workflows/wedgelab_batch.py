"""Helpers for workflows/Snakefile: find the tilt series in a folder and size each job with `wedgelab plan`."""

import json
import math
import os
import shlex
import subprocess
import sys

STACKS = (".mrc", ".st")
TILTS = (".tlt", ".rawtlt", ".mdoc")
# `wedgelab plan` sizes the arrays of the job; the Node process (V8, tsx, the pipeline's code) comes on top.
NODE_BASE_MB = 256
# When plan cannot size a series (a broken file), the job still runs so that its error lands in its log.
FALLBACK = {"threads": 1, "memoryMB": 512, "gpu": False, "seconds": 60}

_memo = {}


def discover(folder):
    """{stem: {stack, tilts, xf}} for every stack in `folder` that has angles beside it."""
    names = set(os.listdir(folder))
    series = {}
    for name in sorted(names):
        stem, ext = os.path.splitext(name)
        if ext.lower() not in STACKS or not os.path.isfile(os.path.join(folder, name)):
            continue
        if stem in series:
            raise ValueError(f"{folder}: two stacks named {stem} ({series[stem]['stack']} and {name}); rename one")
        # SerialEM names its mdoc after the stack (TS01.mrc.mdoc) as often as after the stem (TS01.mdoc).
        candidates = [stem + t for t in TILTS] + [name + ".mdoc"]
        tilts = next((c for c in candidates if c in names), None)
        if tilts is None:
            continue
        xf = stem + ".xf"
        series[stem] = {
            "stack": os.path.join(folder, name),
            "tilts": os.path.join(folder, tilts),
            "xf": os.path.join(folder, xf) if xf in names else None,
        }
    return series


def _stamp(path):
    st = os.stat(path)
    return [path, st.st_size, st.st_mtime_ns]


def _run_plan(wedgelab, recipe, s):
    cmd = f"{wedgelab} plan {shlex.quote(recipe)} --input {shlex.quote(s['stack'])} --tilts {shlex.quote(s['tilts'])}"
    if s["xf"]:
        cmd += f" --xf {shlex.quote(s['xf'])}"
    proc = subprocess.run(cmd + " --json", shell=True, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        err = (proc.stderr.strip().splitlines() or ["exit status %d" % proc.returncode])[-1]
        print(f"wedgelab plan failed for {s['stack']} ({err}); sizing it with defaults", file=sys.stderr)
        return dict(FALLBACK, failed=err)
    return json.loads(proc.stdout)


def plan_for(wedgelab, recipe, s, out):
    """Snakemake resources for one series, from `wedgelab plan --json`.

    Cached in OUT/.wedgelab/plans/ under the inputs' sizes and mtimes: Snakemake evaluates resources again in
    every cluster job and on every rerun, and a plan is a Node start (about a second)."""
    key = [_stamp(p) for p in (recipe, s["stack"], s["tilts"], s["xf"]) if p] + [wedgelab]
    if s["stack"] in _memo and _memo[s["stack"]][0] == key:
        return _memo[s["stack"]][1]
    cache = os.path.join(out, ".wedgelab", "plans", os.path.basename(s["stack"]) + ".json")
    p = None
    try:
        with open(cache) as f:
            saved = json.load(f)
        if saved.get("key") == key:
            p = saved["plan"]
    except (OSError, ValueError, KeyError):
        pass
    if p is None:
        p = _run_plan(wedgelab, recipe, s)
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        tmp = f"{cache}.{os.getpid()}"
        with open(tmp, "w") as f:
            json.dump({"key": key, "plan": p}, f)
        os.replace(tmp, cache)
    gpu = bool(p.get("gpu"))
    res = {
        # null on the GPU: one core feeds it
        "threads": max(1, int(p.get("threads") or 1)),
        "mem_mb": NODE_BASE_MB + max(1, math.ceil(float(p.get("memoryMB", 0)))),
        # Slurm kills a job at its time limit and plan's seconds is an estimate: ask for 4× and 10 min at least.
        "runtime": max(10, math.ceil(4 * float(p.get("seconds", 60)) / 60)),
        "gpu": int(gpu),
        "slurm_extra": "--gres=gpu:1" if gpu else "",
    }
    _memo[s["stack"]] = (key, res)
    return res
