"""Token tables for the word-choice evaluations, parsed once and cached outside the repository.

The corpora (in ``--data DIR``, default ``../shared/data``; see ``data_sources.py``) are
copyrighted news: we read them where they are and cache the parsed token tables in
``~/.cache/analysis-eval`` (override with ``ANALYSIS_EVAL_CACHE``), never in the project. Each
cache file is keyed by the corpus name and the pipeline fingerprint.

Used by ``loaded_language_eval.py``, ``keyness_basil.py`` and ``keyness_speed.py``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from data_sources import DEFAULT_DATA  # noqa: E402

CACHE = Path(os.environ.get("ANALYSIS_EVAL_CACHE", Path.home() / ".cache" / "analysis-eval"))

__all__ = ["CACHE", "basil_corpus", "semeval_corpus", "parsed_tables"]


def basil_corpus(data: Path = DEFAULT_DATA) -> tuple[pd.DataFrame, pd.DataFrame]:
    """BASIL articles as a corpus table plus the lexical-bias spans as doc character offsets.

    BASIL annotation offsets are relative to one sentence string of one paragraph
    (``body-paragraphs`` is a list of paragraphs, each a list of sentences); we join sentences
    with a space and paragraphs with a blank line and locate each span by its text at that offset.
    """
    records, spans = [], []
    for path in sorted((data / "basil" / "articles").glob("*/*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        doc_id = path.stem
        title = " ".join(str(article.get("title") or "").split())
        offset = len(title) + 2  # doc_text = title + "\n\n" + body
        body_parts: list[str] = []
        sentence_starts: list[tuple[str, int]] = []
        for paragraph in article.get("body-paragraphs") or []:
            for number, sentence in enumerate(paragraph):
                if number:
                    body_parts.append(" ")
                    offset += 1
                sentence_starts.append((sentence, offset))
                body_parts.append(sentence)
                offset += len(sentence)
            body_parts.append("\n\n")
            offset += 2
        body = "".join(body_parts).rstrip("\n")
        records.append(
            {
                "doc_id": doc_id,
                "outlet": str(article.get("source", "")).lower(),
                "title": title,
                "standfirst": "",
                "text": body,
                "published": article.get("date"),
                "url": article.get("url", ""),
                "event": article.get("triplet-uuid", doc_id.rsplit("_", 1)[0]),
            }
        )
        ann_path = data / "basil" / "annotations" / path.parent.name / f"{doc_id}_ann.json"
        if not ann_path.exists():
            continue
        annotations = json.loads(ann_path.read_text(encoding="utf-8"))
        for item in annotations.get("phrase-level-annotations", []):
            if item.get("bias") != "lex":
                continue
            start, end, txt = int(item["start"]), int(item["end"]), item["txt"]
            for sentence, base in sentence_starts:
                if sentence[start:end] == txt:
                    spans.append(
                        {"doc_id": doc_id, "start": base + start, "end": base + end, "label": "lex"}
                    )
                    break
    return pd.DataFrame(records), pd.DataFrame(spans)


def semeval_corpus(
    labels: tuple[str, ...], data: Path = DEFAULT_DATA
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """SemEval-2023 Task 3 English articles (title line, blank line, body) and spans of ``labels``."""
    records, spans = [], []
    path = data / "semeval2023_en" / "articles.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = row["text"]
        title, _, body = text.partition("\n\n")
        # doc_text(title, body) == title + "\n\n" + body == text, so offsets carry over unchanged
        records.append(
            {
                "doc_id": str(row["id"]),
                "outlet": "semeval",
                "title": title,
                "standfirst": "",
                "text": body,
            }
        )
        if not title or not body:
            records[-1].update(title="", text=text)
        spans.extend(
            {
                "doc_id": str(row["id"]),
                "start": s["start"],
                "end": s["end"],
                "label": s["technique"],
            }
            for s in row["persuasion_spans"]
            if s["technique"] in labels
        )
    return pd.DataFrame(records), pd.DataFrame(spans)


def parsed_tables(name: str, corpus: pd.DataFrame) -> pd.DataFrame:
    """Token table of ``corpus`` parsed with the project pipeline, cached per pipeline fingerprint."""
    from analysis.annotation.doc_rows import TableBuilder
    from analysis.annotation.pipeline import load_pipeline
    from analysis.io.schema import doc_sections, doc_text

    nlp, info = load_pipeline()
    target = CACHE / f"{name}-{info.fingerprint}-tokens.parquet"
    if target.exists():
        return pd.read_parquet(target)
    CACHE.mkdir(parents=True, exist_ok=True)
    rows = corpus.to_dict("records")
    builder = TableBuilder()
    texts = (doc_text(r) for r in rows)
    for row, doc in zip(rows, nlp.pipe(texts, batch_size=32), strict=True):
        builder.add(doc, row["doc_id"], doc_sections(row))
    tokens = builder.tokens().to_pandas().rename(columns={"key": "doc_id"})
    temporary = target.with_suffix(".tmp")
    tokens.to_parquet(temporary)
    temporary.rename(target)
    return tokens


if __name__ == "__main__":
    basil, _ = basil_corpus()
    semeval, _ = semeval_corpus(("Loaded_Language", "Name_Calling-Labeling"))
    for label, frame in (("basil", basil), ("semeval", semeval)):
        print(label, len(parsed_tables(label, frame)), "tokens")
