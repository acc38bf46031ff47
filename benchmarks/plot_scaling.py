"""Plot how annotation cost grows with corpus size, from benchmarks/results/pipeline.json.

Writes docs/scaling.png (used in the README's "Scaling up" section).
Usage: python benchmarks/plot_scaling.py [--results FILE] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.plots import STYLE, add_caption  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--results", type=Path, default=ROOT / "benchmarks" / "results" / "pipeline.json"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "scaling.png")
    args = parser.parse_args()
    import matplotlib.pyplot as plt

    results = json.loads(args.results.read_text())
    memory = results["memory"]
    words_per_doc = results["overhead"]["words"] / results["overhead"]["docs"]
    docs = memory["docs"]
    with plt.rc_context(STYLE):
        fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6), layout="constrained")
    left.plot(docs, memory["seconds"], marker="o", color="#0072B2", label="measured")
    rate = memory["seconds"][1] / docs[1]
    left.plot(
        [0, 3 * docs[1]],
        [0, 3 * docs[1] * rate],
        linestyle="--",
        color="#999999",
        label="linear extrapolation",
    )
    left.set(
        title="Annotation time",
        xlabel=f"documents (news_bias, ~{round(words_per_doc)} words each)",
        ylabel="seconds (cold cache)",
    )
    left.legend(fontsize=8)
    right.plot(docs, memory["peak_rss_mib"], marker="o", color="#D55E00", label="peak RSS")
    right.plot(
        docs,
        memory["rss_before_annotate_mib"],
        marker="s",
        color="#999999",
        label="before annotating (model + corpus)",
    )
    right.set(title="Memory", xlabel="documents", ylabel="MiB")
    right.set_ylim(0, max(memory["peak_rss_mib"]) * 1.3)
    right.legend(fontsize=8)
    machine = results["machine"]
    add_caption(
        fig,
        f"Measured by benchmarks/bench_pipeline.py on {machine['cpus']} cores ({machine['processor']}); warm runs read the store and take a fraction of a second.",
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out, dpi=100, metadata={"Software": None})
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
