"""`python -m triage build|corpus|classify|locate|same-matter|risk` (JSON lines on stdin)."""

from __future__ import annotations

import sys
import time

from triage.classify import save_model
from triage.cli import COMMANDS, run
from triage.corpus import TRAIN_PATH, training_rows, write_corpus

USAGE = "usage: python -m triage {build|corpus|" + "|".join(COMMANDS) + "} < input.jsonl"


def main(argv: list[str]) -> int:
    """Entry point; returns the exit status."""
    if len(argv) != 1:
        print(USAGE, file=sys.stderr)
        return 2
    command = argv[0]
    if command == "corpus":
        print(f"wrote {write_corpus()} examples to {TRAIN_PATH}")
        return 0
    if command == "build":
        from triage.matter import read_pairs, save_same_matter_model
        from triage.train import train_model, train_same_matter

        started = time.perf_counter()
        save_model(train_model(training_rows()))
        save_same_matter_model(train_same_matter(read_pairs()))
        print(f"built triage/model in {time.perf_counter() - started:.1f}s")
        return 0
    if command not in COMMANDS:
        print(USAGE, file=sys.stderr)
        return 2
    for line in run(command, sys.stdin):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
