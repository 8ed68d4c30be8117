"""Benchmark: DocxWriter against pandoc run once per file, on bench/markdown/*.md.

    python bench/bench_docx.py [--repeat 50] [--no-pandoc] [--profile]

Prints documents per second for each, the ratio, where the writer's time goes per document
(parse, body XML, package: header/footer/numbering/zip) and, with --profile, the top cProfile
entries.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reviewgen.docx.body import body_xml
from reviewgen.docx.inline import DocumentState
from reviewgen.docx.writer import DocumentMeta, DocxWriter, markdown_parser

HERE = Path(__file__).resolve().parent
META = DocumentMeta(title="Benchmark", created=dt.datetime(2024, 12, 1), confidentiality="Confidential")


def bench_writer(texts: list[str], repeat: int, *, cold: bool = True) -> float:
    """Documents per second of DocxWriter (construction included once, as in a build).

    ``cold`` empties the writer's caches (inlines, pieces of Markdown, runs) before every document, so each conversion
    is timed as if its text had never been seen: the honest figure for a build of new documents.
    Warm (cache kept) shows the best case, when documents share most of their lines.
    """
    start = time.perf_counter()
    writer = DocxWriter()
    for _ in range(repeat):
        for text in texts:
            if cold:
                writer.inline_cache.clear()
                writer.block_cache.clear()
            writer.convert(text, META)
    return repeat * len(texts) / (time.perf_counter() - start)


def phases(texts: list[str], repeat: int) -> dict[str, float]:
    """Milliseconds per document spent parsing, building the body XML, and in everything else."""
    writer = DocxWriter()
    parser = markdown_parser()
    parse = body = total = 0.0
    for _ in range(repeat):
        for text in texts:
            writer.inline_cache.clear()
            t0 = time.perf_counter()
            tokens = parser.parse(text)
            t1 = time.perf_counter()
            state = DocumentState(
                source="bench",
                style_ids=writer._base.style_ids,
                text_width=9638,
                first_rel_id=10,
                first_num_id=1,
                base_dir=None,
            )
            body_xml(tokens, state)
            writer.inline_cache.clear()
            writer.block_cache.clear()
            t2 = time.perf_counter()
            writer.convert(text, META)
            t3 = time.perf_counter()
            parse += t1 - t0
            body += t2 - t1
            total += t3 - t2
    count = repeat * len(texts)
    return {
        "parse": 1000 * parse / count,
        "body XML": 1000 * body / count,
        "package (rest)": 1000 * (total - parse - body) / count,
        "convert total": 1000 * total / count,
    }


def bench_pandoc(files: list[Path]) -> float | None:
    """Documents per second of ``pandoc -f gfm -t docx -o`` run once per file; None without pandoc."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return None
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        for number, path in enumerate(files):
            subprocess.run([pandoc, "-f", "gfm", "-t", "docx", "-o", f"{out}/{number}.docx", str(path)], check=True)
        return len(files) / (time.perf_counter() - start)


def main() -> None:
    """Run the benchmark and print the figures."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--repeat", type=int, default=50, help="conversions of each file by DocxWriter")
    options.add_argument("--no-pandoc", action="store_true", help="skip the pandoc comparison")
    options.add_argument("--profile", action="store_true", help="print the top cProfile entries")
    args = options.parse_args()
    files = sorted((HERE / "markdown").glob("*.md"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    size = sum(len(t.encode()) for t in texts) / len(texts)
    print(f"{len(files)} files, {size / 1024:.1f} KB on average, DocxWriter x{args.repeat}")
    ours = bench_writer(texts, args.repeat)
    print(f"DocxWriter: {ours:8.1f} documents/s ({1000 / ours:.2f} ms per document, inline cache emptied each time)")
    warm = bench_writer(texts, args.repeat, cold=False)
    print(f"  warm:     {warm:8.1f} documents/s ({1000 / warm:.2f} ms per document, inline cache kept)")
    for name, ms in phases(texts, max(1, args.repeat // 5)).items():
        print(f"  {name:15} {ms:6.2f} ms/document")
    theirs = None if args.no_pandoc else bench_pandoc(files)
    if theirs is not None:
        print(f"pandoc:     {theirs:8.1f} documents/s ({1000 / theirs:.1f} ms per document)")
        print(f"ratio:      {ours / theirs:8.1f}x faster than pandoc per file")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        bench_writer(texts, args.repeat)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
