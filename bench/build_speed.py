"""`apgen build` against its budgets (DESIGN 11), every figure a ratio or a per-plan cost from
paired runs in one process tree (see common.py: anchor and apgen alternated, medians, CPU time
of the child processes beside wall time).

1. One plan: `apgen build SAMPLE` against a bare docxtpl script rendering the same template
   and context (both whole processes). Budget: within 1.5x.
2. A batch: `apgen build` of 100 plans in one process against the same command on one plan;
   the difference / 99 is the CPU each further plan costs. Budget: 40 ms of CPU per plan.
3. Scaling: plans of 10, 100 and 1,000 actions, each built in a fresh process; CPU time and
   peak memory per size. Budgets: linear (1,000 actions within 12x of 100), under 300 MiB.

Run: python bench/build_speed.py [RUNS]
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ENV, SAMPLE, paired, plan_with_actions, verdict  # noqa: E402

ONE_BUDGET = 1.5
BATCH_BUDGET_MS = 40
BATCH = 100
MEMORY_BUDGET_MIB = 300

BARE = """
import json, sys, jinja2
from docxtpl import DocxTemplate
for template_file, context_file, out in zip(*[iter(sys.argv[1:])] * 3):
    template = DocxTemplate(template_file)
    context = json.load(open(context_file, encoding="utf-8"))
    template.render(context, jinja2.Environment(autoescape=True))
    template.save(out)
"""

ONE_BUILD = """
import resource, sys
from pathlib import Path
from actionplan_gen.pipeline import load_plan
from actionplan_gen.render.build import Templates, build
plan, _ = load_plan(sys.argv[1])
build(plan, Path(sys.argv[2]), Templates.default())
usage = resource.getrusage(resource.RUSAGE_SELF)
print(usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""


def main() -> None:
    from actionplan_gen.checklist import evaluate
    from actionplan_gen.pipeline import load_plan
    from actionplan_gen.render.context import checklist_context, plan_context
    from actionplan_gen.resources import template_path

    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    apgen = [sys.executable, "-m", "actionplan_gen", "build"]
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        plan, _ = load_plan(SAMPLE)
        plan_file = work_dir / "plan.json"
        plan_file.write_text(json.dumps(plan_context(plan)), encoding="utf-8")
        sheet = checklist_context(plan, evaluate(plan, plan.prepared_on), plan.prepared_on)
        sheet_file = work_dir / "sheet.json"
        sheet_file.write_text(json.dumps(sheet), encoding="utf-8")
        one = [str(template_path("action-plan.docx")), str(plan_file), str(work_dir / "a.docx")]
        two = one + [str(template_path("checklist.docx")), str(sheet_file),
                     str(work_dir / "b.docx")]
        batch_dir = work_dir / "batch"
        batch_dir.mkdir()
        for name in ("reports", "evidence"):
            shutil.copytree(SAMPLE.parent / name, batch_dir / name)
        plans = []
        for i in range(BATCH):
            plans.append(batch_dir / f"p{i:03}.plan.yaml")
            shutil.copyfile(SAMPLE, plans[-1])
        timing = paired({
            "bare one": [sys.executable, "-c", BARE, *one],
            "bare two": [sys.executable, "-c", BARE, *two],
            "apgen": [*apgen, str(SAMPLE), "-o", str(work_dir / "out")],
        }, runs)
        batch = paired({
            "one": [*apgen, str(plans[0]), "-o", str(work_dir / "out1")],
            "batch": [*apgen, *map(str, plans), "-o", str(work_dir / "out100")],
        }, max(3, runs // 3))
        bare_one, bare_two, one_build = timing["bare one"], timing["bare two"], timing["apgen"]
        print(f"1. one plan: medians of {runs} paired runs           wall ms   CPU ms")
        print(f"   anchor: bare docxtpl, action plan only        {bare_one.wall * 1000:7.0f} "
              f"{bare_one.cpu * 1000:8.0f}")
        print(f"   bare docxtpl, action plan + checklist         {bare_two.wall * 1000:7.0f} "
              f"{bare_two.cpu * 1000:8.0f}")
        print(f"   apgen build {SAMPLE.name} (validates, checks, renders both) "
              f"{one_build.wall * 1000:5.0f} {one_build.cpu * 1000:8.0f}")
        print(f"   apgen / bare action plan, CPU:  "
              f"{verdict(one_build.cpu / bare_one.cpu, ONE_BUDGET)}")
        print(f"   apgen / bare action plan, wall: "
              f"{verdict(one_build.wall / bare_one.wall, ONE_BUDGET)}")
        print(f"   (apgen / the same two documents rendered bare, CPU: "
              f"{one_build.cpu / bare_two.cpu:.2f}x)")
        per_plan = (batch["batch"].cpu - batch["one"].cpu) / (BATCH - 1) * 1000
        per_wall = (batch["batch"].wall - batch["one"].wall) / (BATCH - 1) * 1000
        print(f"2. batch: apgen build of {BATCH} plans {batch['batch'].cpu:.2f} s CPU, of one plan "
              f"{batch['one'].cpu:.2f} s (medians of {max(3, runs // 3)} paired runs)")
        print(f"   each further plan: {per_plan:.0f} ms CPU ({per_wall:.0f} ms wall), "
              f"budget {BATCH_BUDGET_MS} ms CPU: "
              f"{'met' if per_plan <= BATCH_BUDGET_MS else 'NOT MET'}")
        print(f"3. {'actions':>8} {'CPU s':>7} {'peak MiB':>9}")
        figures, peaks = {}, {}
        for count in (10, 100, 1000):
            path = plan_with_actions(count, work_dir)
            done = subprocess.run([sys.executable, "-c", ONE_BUILD, str(path),
                                   str(work_dir / f"out-{count}")],
                                  check=True, capture_output=True, text=True, env=ENV)
            seconds, peak_kib = done.stdout.split()
            figures[count], peaks[count] = float(seconds), int(peak_kib) / 1024
            print(f"   {count:>8} {float(seconds):>7.2f} {peaks[count]:>9.0f}")
        ratio = figures[1000] / figures[100]
        print(f"   1,000 actions / 100 actions: {ratio:.1f}x (budget: within 12x, i.e. "
              f"linear: {'met' if ratio <= 12 else 'NOT MET'})")
        ok = "met" if peaks[1000] <= MEMORY_BUDGET_MIB else "NOT MET"
        print(f"   peak memory at 1,000 actions: {peaks[1000]:.0f} MiB "
              f"(budget {MEMORY_BUDGET_MIB}: {ok})")

if __name__ == "__main__":
    main()
