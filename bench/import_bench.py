"""Benchmark import_cases: a 100,000-row national-system export into a throwaway SQLite database.

Run from the repository root: .venv/bin/python bench/import_bench.py [--rows N] [--profile N]
Each step runs as `manage.py` in a subprocess with DATABASE_URL pointing into a temp dir, so the
real database is never touched. With --profile N, a further N-row file is imported under cProfile
and the top functions by cumulative time are printed. The last line is one JSON object.

Imports register each row through register_submission with triage queued for the task worker
(assess_now=False), so this measures registration; bench/triage_bench.py measures triage.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

PLACES = [
    ("630102", "城东区", "西宁市城东区八一路"),
    ("630104", "城西区", "西宁市城西区五四大街"),
    ("630121", "大通县", "大通县桥头镇电厂旁边"),
    ("630123", "湟源县", "湟源县城关镇"),
    ("632801", "格尔木市", "格尔木市昆仑经济技术开发区"),
    ("632802", "德令哈市", "德令哈市河西街道"),
    ("630202", "乐都区", "海东市乐都区碾伯镇"),
    ("632521", "共和县", "共和县恰卜恰镇"),
]
PROBLEMS = [
    ("air", "烧烤店油烟直排，晚上熏得窗户都打不开"),
    ("air", "工厂烟囱冒黑烟，附近全是刺鼻气味"),
    ("water", "工厂夜里往河里排黑水，河里的鱼都翻白肚了"),
    ("water", "养殖场粪污直排进水渠"),
    ("noise", "工地半夜还在施工，噪声吵得睡不着"),
    ("noise", "广场舞音响太吵"),
    ("solid_waste", "河滩上倾倒大量建筑垃圾"),
    ("ecology", "河道里有人非法采砂，河床挖得坑坑洼洼"),
    ("ecology", "草原被开挖取土，植被破坏严重"),
    ("radiation", "小区楼顶新装通信基站，担心辐射"),
]
FORMS = ["来信", "来访", "网上信访", ""]
SURNAMES = "王李张刘陈杨赵黄周吴马"
BAD_KINDS = ["no_content", "bad_json", "bad_county", "future", "bad_id", "bad_field"]


def make_rows(count: int, bad_share: float, seed: int = 7) -> tuple[list[str], int]:
    """`count` JSONL lines over the last year, about `bad_share` of them bad; (lines, bad)."""
    rng = random.Random(seed)
    now = datetime.now().replace(microsecond=0)
    lines, bad = [], 0
    for i in range(count):
        code, county, street = rng.choice(PLACES)
        field, problem = rng.choice(PROBLEMS)
        received = now - timedelta(days=rng.randint(1, 360), seconds=rng.randint(0, 86_399))
        row: dict[str, str] = {
            "信访件编号": f"XF630000{received:%Y%m%d}{i:07d}",
            "登记时间": f"{received:%Y-%m-%d %H:%M:%S}",
            "信访形式": rng.choice(FORMS),
            "信访内容": f"{street}附近{problem}，已经持续{rng.randint(2, 30)}天了，请尽快处理。",
            "问题发生地": f"{street}{rng.randint(1, 200)}号附近",
            "县区代码": code if rng.random() < 0.8 else "",
            "县区": county,
            "领域": field if rng.random() < 0.7 else "",
        }
        if rng.random() < 0.6:
            row["信访人姓名"] = rng.choice(SURNAMES) + rng.choice(["某", "先生", "女士"])
            row["联系电话"] = f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"
        if rng.random() < bad_share:
            bad += 1
            kind = rng.choice(BAD_KINDS)
            if kind == "bad_json":
                lines.append('{"信访件编号": "broken", ')
                continue
            row.update(
                {
                    "no_content": {"信访内容": "  "},
                    "bad_county": {"县区代码": "999999"},
                    "future": {"登记时间": f"{now + timedelta(days=30):%Y-%m-%d %H:%M:%S}"},
                    "bad_id": {"信访人姓名": "王某", "身份证号码": "63010219900101123"},
                    "bad_field": {"领域": "噪音"},
                }[kind]
            )
        lines.append(json.dumps(row, ensure_ascii=False))
    return lines, bad


# Run manage.py in a fresh interpreter (also under cProfile, from a file).
RUNNER = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecopetition.settings")
from django.core.management import execute_from_command_line
execute_from_command_line(["manage.py", *sys.argv[1:]])
"""


def manage(env: dict[str, str], *args: str, profile_to: Path | None = None) -> float:
    """Run manage.py with `args`; the wall-clock seconds it took."""
    command = [PYTHON]
    if profile_to:
        runner = Path(env["VAR_DIR"]) / "runner.py"
        runner.write_text(RUNNER, encoding="utf-8")
        command += ["-m", "cProfile", "-o", str(profile_to), str(runner), *args]
    else:
        command += ["-c", RUNNER, *args]
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--bad-share", type=float, default=0.01)
    parser.add_argument("--profile", type=int, default=0, help="also profile an N-row import")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        folder = Path(tmp)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}"}
        env["VAR_DIR"] = str(folder)
        env["PYTHONPATH"] = str(ROOT)
        print(f"database: {env['DATABASE_URL']}", file=sys.stderr)
        manage(env, "migrate", "--verbosity", "0")
        manage(env, "load_province")

        lines, bad = make_rows(args.rows, args.bad_share)
        export = folder / "national-export.jsonl"
        export.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{args.rows} rows ({bad} bad) written to {export}", file=sys.stderr)

        seconds = manage(env, "import_cases", str(export))
        rate = args.rows / seconds
        print(f"import: {args.rows} rows in {seconds:.1f} s = {rate:.0f} rows/s")
        again = manage(env, "import_cases", str(export), "--quiet-progress")
        print(f"second run (nothing new): {again:.1f} s = {args.rows / again:.0f} rows/s")

        if args.profile:
            sample, _ = make_rows(args.profile, 0.0, seed=11)
            sample_file = folder / "sample.jsonl"
            sample_file.write_text("\n".join(sample) + "\n", encoding="utf-8")
            stats_file = folder / "import.prof"
            manage(env, "import_cases", str(sample_file), "--quiet-progress", profile_to=stats_file)
            stats = pstats.Stats(str(stats_file), stream=sys.stdout)
            stats.sort_stats("cumulative").print_stats(f"{ROOT}/(intake|cases|core|routing)/", 25)
            stats.sort_stats("tottime").print_stats(15)

    print(
        json.dumps(
            {
                "rows": args.rows,
                "seconds": round(seconds, 1),
                "rows_per_s": round(rate),
                "bad": bad,
                "second_run_seconds": round(again, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
