"""Shared by the benchmark scripts: timing whole processes in pairs, and plans of any size.

The machine these run on is shared, so a figure alone means little: every budget is a ratio
to an anchor measured in the same run, the anchor and apgen alternated (anchor, apgen, anchor,
apgen ...) so both see the same load, and compared by medians. CPU time (user + system of the
child process, from ``resource.getrusage(RUSAGE_CHILDREN)``) is reported beside wall time: it
is what the budgets judge, since another process taking a core lengthens wall time only.
"""

from __future__ import annotations

import copy
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "ellison.plan.yaml"

# Every child byte-compiles apgen's modules once, as any install does (pip compiles them; an
# editable install writes __pycache__ on first use), even where PYTHONDONTWRITEBYTECODE is set:
# otherwise apgen would be timed compiling its own source on every run while the anchor's
# libraries load compiled. The cache lives in a private folder, never in the working tree.
_PYCACHE = tempfile.mkdtemp(prefix="apgen-bench-pycache-")
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
       "PYTHONPYCACHEPREFIX": _PYCACHE}


@dataclass(frozen=True)
class Timing:
    """Medians of one command's runs, in seconds."""

    wall: float
    cpu: float


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(command: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of running ``command`` as a whole process."""
    cpu, started = _children_cpu(), time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - started, _children_cpu() - cpu


def paired(commands: dict[str, list[str]], runs: int, warm: int = 1) -> dict[str, Timing]:
    """Run every command ``runs`` times, alternating them round by round (after ``warm``
    unrecorded rounds that fill the disk cache); the median wall and CPU time of each."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(warm + runs):
        for name, command in commands.items():
            wall, cpu = run_once(command)
            if round_ >= warm:
                walls[name].append(wall)
                cpus[name].append(cpu)
    return {name: Timing(statistics.median(walls[name]), statistics.median(cpus[name]))
            for name in commands}


def verdict(ratio: float, budget: float) -> str:
    return f"{ratio:.2f}x, budget {budget:g}x: {'met' if ratio <= budget else 'NOT MET'}"


def median_seconds(command: list[str], runs: int) -> float:
    """Median wall-clock time of running ``command`` as a whole process ``runs`` times."""
    return statistics.median(run_once(command)[0] for _ in range(runs))


def plan_with_actions(count: int, folder: Path) -> Path:
    """Write ``folder/bench-N.plan.yaml``: the Ellison sample with its actions repeated."""
    from actionplan_gen.loader import load_file
    data = load_file(SAMPLE).data
    templates = data["actions"]
    actions = []
    for i in range(count):
        action = copy.deepcopy(templates[i % len(templates)])
        action["id"] = f"A{i + 1}"
        action["description"] = f"({i + 1}) " + action["description"]
        actions.append(action)
    data["actions"] = actions
    # Paths in a plan stay inside its folder: bring the report and evidence along.
    for name in ("reports", "evidence"):
        if not (folder / name).exists():
            shutil.copytree(SAMPLE.parent / name, folder / name)
    path = folder / f"bench-{count}.plan.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def plan_copies(count: int, folder: Path, sources: list[Path] | None = None,
                prefix: str = "P") -> list[Path]:
    """``count`` plans written into ``folder``: the ``sources`` (default the Ellison sample)
    in turn, each with its own case reference and without the final report."""
    from actionplan_gen.loader import load_file
    datas = [load_file(s).data for s in (sources or [SAMPLE])]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        data = datas[i % len(datas)]
        data["ombudsman"]["case_references"] = [f"{prefix}-{i:06d}"]
        data["ombudsman"].pop("final_report_file", None)
        path = folder / f"case{i:04d}.plan.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                        encoding="utf-8")
        paths.append(path)
    return paths
