"""Write a generated sample workbook of any size and report how long it took.

python bench/generate.py --people 10000 --seed 1 -o /tmp/big.xlsx
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reviewgen.errors import ReviewgenError
from reviewgen.workbooks.sample import generate_sample, write_sample_workbook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000, help="number of people (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the .xlsx file to write (replaced)")
    args = parser.parse_args(argv)
    try:
        started = time.perf_counter()
        data = generate_sample(people=args.people, seed=args.seed)
        generated = time.perf_counter() - started
        write_sample_workbook(args.output, people=args.people, seed=args.seed, overwrite=True)
        total = time.perf_counter() - started
    except ReviewgenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    rows = sum(len(r) for r in data.sheets.values())
    size = args.output.stat().st_size
    print(f"{args.output}: {args.people} people, {rows} rows, {size / 1e6:.1f} MB")
    # write_sample_workbook generates again, so the write alone is total minus one generation.
    print(f"generate {generated:.2f} s, write {total - 2 * generated:.2f} s, total {total - generated:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
