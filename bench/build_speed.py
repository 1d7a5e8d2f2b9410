"""`apgen build` timings.

1. Whole process: `apgen build SAMPLE` against a bare docxtpl render of the same template and
   context (also a whole process). Target: within 1.5x.
2. Scaling: plans of 10, 100 and 1,000 actions, each built in a fresh process; time and peak
   memory per size. Target: linear (1,000 actions within 12x of 100).

Run: python bench/build_speed.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SAMPLE, median_seconds, plan_with_actions  # noqa: E402

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
import resource, sys, time
from pathlib import Path
started = time.perf_counter()
from actionplan_gen.pipeline import load_plan
from actionplan_gen.render.build import Templates, build
plan, _ = load_plan(sys.argv[1])
build(plan, Path(sys.argv[2]), Templates.default())
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def main() -> None:

    from actionplan_gen.checklist import evaluate
    from actionplan_gen.pipeline import load_plan
    from actionplan_gen.render.context import checklist_context, plan_context
    from actionplan_gen.resources import template_path

    runs = 7
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
        bare_one = median_seconds([sys.executable, "-c", BARE, *one], runs)
        bare_two = median_seconds([sys.executable, "-c", BARE, *two], runs)
        apgen = median_seconds([sys.executable, "-m", "actionplan_gen", "build", str(SAMPLE),
                                "-o", str(work_dir / "out")], runs)
        print(f"bare docxtpl, action plan only:       {bare_one * 1000:6.0f} ms (median of {runs})")
        print(f"bare docxtpl, action plan + checklist: {bare_two * 1000:6.0f} ms")
        print(f"apgen build {SAMPLE.name} (validates, checks, renders both): "
              f"{apgen * 1000:6.0f} ms")
        print(f"ratio to the bare action plan: {apgen / bare_one:.2f}x (target: within 1.5x)")
        print(f"ratio to the same two documents rendered bare: {apgen / bare_two:.2f}x")
        print()
        print(f"{'actions':>8} {'seconds':>9} {'peak MiB':>9}")
        figures = {}
        for count in (10, 100, 1000):
            path = plan_with_actions(count, work_dir)
            done = subprocess.run([sys.executable, "-c", ONE_BUILD, str(path),
                                   str(work_dir / f"out-{count}")],
                                  check=True, capture_output=True, text=True)
            seconds, peak_kib = done.stdout.split()
            figures[count] = float(seconds)
            print(f"{count:>8} {float(seconds):>9.2f} {int(peak_kib) / 1024:>9.0f}")
        print(f"1,000 actions / 100 actions: {figures[1000] / figures[100]:.1f}x "
              "(target: within 12x, i.e. linear)")


if __name__ == "__main__":
    main()
