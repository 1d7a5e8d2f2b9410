"""The redactor's own share of `apgen redact`, part by part (no budget: a profile to read).

Each fresh process (the bytecode compiled, as common.ENV arranges) measures CPU time
(``time.process_time``) of, in order, as `apgen redact SAMPLE` meets them:

- import: the redact modules (folding, names, identifiers, variants, redactor,
  final_report), everything they rely on imported before;
- init: ``Redactor(plan)``, the first in the process;
- render: the ``redact`` calls the pack's rendering makes, replayed in order (recorded once
  from ``pack._render``);
- report: ``redact_report`` of the plan's final report, with that same redactor;

then the same three again ``--warm`` times in the process, each from a new redactor with
Python's pattern cache and the variants table emptied (medians): steadier, since the
machine is shared. Medians over ``--runs`` processes. With ``--tree DIR`` a copy of apgen in
DIR is measured too, alternating with this checkout's, run by run.

Run: python bench/redactor_parts.py [--runs 15] [--warm 20] [--tree DIR] [SAMPLE]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ENV, SAMPLE  # noqa: E402

CHILD = r"""
import json, pickle, re, statistics, sys, time
if "" in sys.path:
    sys.path.remove("")
import lxml.etree
import actionplan_gen.pipeline, actionplan_gen.model, actionplan_gen.people
import actionplan_gen.ombudsmen, actionplan_gen.wording, actionplan_gen.ooxml
import actionplan_gen.errors, actionplan_gen.render.docx
try:
    import actionplan_gen.regexes
except ImportError:
    pass
from actionplan_gen.pipeline import load_plan
plan = load_plan(sys.argv[1])[0]
texts = pickle.load(open(sys.argv[2], "rb"))
warm = int(sys.argv[3])
report = (plan.base_dir / plan.final_report_file).read_bytes() if plan.final_report_file else None
clock = time.process_time

started = clock()
import actionplan_gen.redact.folding, actionplan_gen.redact.names
import actionplan_gen.redact.identifiers, actionplan_gen.redact.variants
import actionplan_gen.redact.redactor, actionplan_gen.redact.final_report
imported = clock() - started
from actionplan_gen.redact import variants
from actionplan_gen.redact.redactor import Redactor
from actionplan_gen.redact.final_report import redact_report
from actionplan_gen.render.docx import DocumentProperties
properties = DocumentProperties("Final report", "case", "Org", "2026-01-01")


def parts():
    started = clock()
    redactor = Redactor(plan)
    init = clock() - started
    started = clock()
    for text in texts:
        redactor.redact(text)
    render = clock() - started
    started = clock()
    if report is not None:
        redact_report(report, "report.docx", redactor, False, properties)
    return init, render, clock() - started


first = parts()
again = []
for _ in range(warm):
    re.purge()
    variants._table.cache_clear()
    again.append(parts())
print(json.dumps({"import": imported, "init": first[0], "render": first[1], "report": first[2],
                  **{f"{name} warm": statistics.median(a[i] for a in again) if again else 0.0
                     for i, name in enumerate(("init", "render", "report"))}}))
"""


def record(sample: Path) -> list[str]:
    """The texts ``pack._render`` passes to ``redact``, in order."""
    from actionplan_gen.pipeline import load_plan
    from actionplan_gen.redact import pack
    from actionplan_gen.redact.redactor import Redactor
    from actionplan_gen.render.build import Templates

    texts: list[str] = []

    class Recording(Redactor):
        def redact(self, text):
            texts.append(text)
            return super().redact(text)

    plan = load_plan(sample)[0]
    pack._render(plan, Recording(plan), Templates.default())
    return texts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sample", nargs="?", default=str(SAMPLE))
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warm", type=int, default=20)
    parser.add_argument("--tree", help="another copy of apgen (its folder holding actionplan_gen)")
    args = parser.parse_args()
    texts = record(Path(args.sample))
    with tempfile.NamedTemporaryFile(suffix=".pickle", delete=False) as handle:
        pickle.dump(texts, handle)
    trees = {"this checkout": None} | ({f"tree {args.tree}": args.tree} if args.tree else {})
    results: dict[str, list[dict]] = {name: [] for name in trees}
    try:
        for _ in range(args.runs):
            for name, tree in trees.items():
                env = dict(ENV)
                if tree:
                    env["PYTHONPATH"] = tree
                out = subprocess.run([sys.executable, "-c", CHILD, args.sample, handle.name,
                                      str(args.warm)], env=env, cwd=tempfile.gettempdir(),
                                     check=True, capture_output=True, text=True).stdout
                results[name].append(json.loads(out))
    finally:
        os.unlink(handle.name)
    print(f"{args.sample}: {len(texts)} redact calls while rendering; medians of {args.runs} "
          f"processes, CPU ms")
    keys = list(results["this checkout"][0])
    print(f"{'':28s}" + "".join(f"{key:>14s}" for key in keys))
    for name, runs in results.items():
        print(f"{name[:28]:28s}" + "".join(
            f"{1000 * statistics.median(run[key] for run in runs):14.2f}" for key in keys))


if __name__ == "__main__":
    main()
