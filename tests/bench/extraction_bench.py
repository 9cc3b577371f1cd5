"""Text extraction benchmark: `python -m tests.bench.extraction_bench`.

Generates real files (fpdf2, python-docx, python-pptx) in memory, then times
``events.extraction.extract_bytes`` on each: pages (or slides) per second per file type,
and the time to read a 200-page PDF (target: under 10 s). No database is needed. Prints the
figures and writes them to var/bench/extraction-<date>.json.

Runs: BENCH_EXTRACTION_RUNS=3 (the median is reported).
"""

import json
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"
RUNS = int(os.environ.get("BENCH_EXTRACTION_RUNS", "3"))
PDF_PAGES = 200
PDF_TARGET_SECONDS = 10
# A dense page of a report or workbook: about 2,400 characters.
PARAGRAPH = (
    "Trauma-informed practice asks what happened to a person rather than what is wrong with "
    "them. Staff on the wing learn to notice the signs of distress, to keep routines "
    "predictable and to explain decisions, so that women in custody feel safer and incidents "
    "fall. The training covers the window of tolerance, co-regulation and the impact of "
    "separation from children. "
)
PAGE_TEXT = PARAGRAPH * 6


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()


def make_files():
    from tests.events.material_files import docx_bytes, pdf_bytes, pptx_bytes

    return {
        "pdf": (pdf_bytes(*[PAGE_TEXT] * PDF_PAGES), PDF_PAGES),
        "docx": (docx_bytes(PARAGRAPH * 150), 50),  # about 50 printed pages of text
        "pptx": (pptx_bytes(*[PARAGRAPH] * 100, notes=PARAGRAPH), 100),
    }


def time_extraction(data):
    from events.extraction import extract_bytes

    timings, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = extract_bytes(data, name="bench")
        timings.append(time.perf_counter() - started)
    assert result.status == "done", result.error
    return statistics.median(timings), result


def main():
    setup_django()
    started = time.perf_counter()
    files = make_files()
    generated = time.perf_counter() - started
    figures = {}
    for kind, (data, pages) in files.items():
        seconds, result = time_extraction(data)
        figures[kind] = {
            "pages": pages,
            "bytes": len(data),
            "characters": len(result.text),
            "seconds": round(seconds, 3),
            "pages_per_second": round(pages / seconds, 1),
        }
    pdf = figures["pdf"]
    report = {
        "date": date.today().isoformat(),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "runs": RUNS,
        "generate_seconds": round(generated, 2),
        "types": figures,
        "pdf_200_pages_seconds": pdf["seconds"],
        "pdf_200_pages_target_seconds": PDF_TARGET_SECONDS,
        "pdf_200_pages_ok": pdf["seconds"] < PDF_TARGET_SECONDS,
    }
    print(f"{'type':6} {'pages':>6} {'size':>10} {'chars':>9} {'seconds':>8} {'pages/s':>9}")
    for kind, row in figures.items():
        print(
            f"{kind:6} {row['pages']:>6} {row['bytes']:>10} {row['characters']:>9} "
            f"{row['seconds']:>8.3f} {row['pages_per_second']:>9.1f}"
        )
    verdict = "OK" if report["pdf_200_pages_ok"] else "TOO SLOW"
    print(f"200-page PDF: {pdf['seconds']:.2f} s (target < {PDF_TARGET_SECONDS} s): {verdict}")
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"extraction-{report['date']}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Written to {path.relative_to(ROOT)}")
    if not report["pdf_200_pages_ok"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
