"""Keyword in context: every occurrence of a word or phrase with the words around it.

A number in a keyness or term-usage table is only as good as the sentences behind it; KWIC
lines let a reader check them. Matching follows the lexicon rules (lowercase form or lemma,
case- and hyphen-insensitive, multi-word within one sentence); the context is cut from the
document's own text, ``window`` tokens either side, without crossing documents.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.errors import InputError
from analysis.wordchoice._shared_strings import shared_strings
from analysis.wordchoice._token_index import TokenIndex, normalise_phrase, require_columns

__all__ = ["kwic", "kwic_for_terms", "kwic_html", "KWIC_COLUMNS"]

#: Columns of :func:`kwic`; the grouping column after ``doc_id`` is named after ``by``.
KWIC_COLUMNS = ("doc_id", "outlet", "sent", "left", "match", "right")


def _joined(texts: np.ndarray, spaces: np.ndarray, start: int, end: int) -> str:
    parts: list[str] = []
    for r in range(start, end):
        parts.append(str(texts[r]))
        if r < end - 1 and spaces[r]:
            parts.append(" ")
    return " ".join("".join(parts).split())


def kwic(
    tokens: pd.DataFrame,
    term_or_phrase: str | Sequence[str],
    *,
    window: int = 8,
    corpus: pd.DataFrame | None = None,
    by: str = "outlet",
    limit: int | None = None,
    index: TokenIndex | None = None,
) -> pd.DataFrame:
    """Concordance lines for a term, a phrase, or several of them.

    Parameters
    ----------
    tokens
        Token table (``ann.tokens``).
    term_or_phrase
        ``"Kiev regime"``, or a list of alternatives (``["Kiev", "Kyiv"]``).
    window
        Tokens of context on each side (punctuation counts; hyphens and line breaks do not).
    corpus, by
        When the corpus is given, its ``by`` column (``outlet``, ``leaning``, …) is copied into a
        column of the same name after ``doc_id`` (empty without a corpus).
    limit
        Keep at most this many lines (first ones in corpus order).
    index
        ``TokenIndex.build(tokens)``, when the caller looks up many terms in the same tokens
        (building it is most of a lookup's cost).

    Returns
    -------
    DataFrame ``doc_id, <by>, sent, left, match, right`` in corpus order.
    """
    require_columns(tokens, ("doc_id", "sent", "i", "text", "lower"), "token table")
    if window < 0:
        raise InputError(f"kwic window must be >= 0, got {window}")
    phrases = [term_or_phrase] if isinstance(term_or_phrase, str) else list(term_or_phrase)
    words = [normalise_phrase(p) for p in phrases]
    if not phrases or not all(words):
        raise InputError(f"kwic needs a non-empty term or phrase, got {term_or_phrase!r}")
    index = index if index is not None else TokenIndex.build(tokens)
    found = [(int(s), len(w)) for w in words for s in index.find(w)]
    found = sorted(set(found))
    if limit is not None:
        found = found[:limit]
    texts = shared_strings(tokens["text"])
    spaces = (
        tokens["whitespace"].to_numpy(dtype=bool)
        if "whitespace" in tokens.columns
        else np.ones(len(tokens), bool)
    )
    rows = []
    for start, n in found:
        doc = index.doc_code[start]
        left_pos = start
        while left_pos > 0 and start - left_pos < window and index.doc_code[left_pos - 1] == doc:
            left_pos -= 1
        right_pos = start + n - 1
        while (
            right_pos + 1 < len(index)
            and right_pos - (start + n - 1) < window
            and index.doc_code[right_pos + 1] == doc
        ):
            right_pos += 1
        first_row, last_row = int(index.rows[start]), int(index.rows[start + n - 1]) + 1
        rows.append(
            {
                "doc_id": str(index.doc_ids[doc]),
                "sent": int(index.sent[start]),
                "left": _joined(texts, spaces, int(index.rows[left_pos]), first_row),
                "match": _joined(texts, spaces, first_row, last_row),
                "right": _joined(texts, spaces, last_row, int(index.rows[right_pos]) + 1),
            }
        )
    frame = pd.DataFrame(rows, columns=["doc_id", "sent", "left", "match", "right"])
    if corpus is not None and by in corpus.columns:
        mapping = dict(zip(corpus["doc_id"].astype(str), corpus[by].astype(str), strict=True))
        outlets = frame["doc_id"].map(mapping).fillna("")
    else:
        outlets = pd.Series([""] * len(frame), dtype="object")
    frame.insert(1, by, outlets.to_numpy())
    frame = frame.astype({c: "string" for c in ("doc_id", by, "left", "match", "right")})
    frame["sent"] = frame["sent"].astype("int64")
    return frame[["doc_id", by, "sent", "left", "match", "right"]]


def kwic_for_terms(
    tokens: pd.DataFrame,
    terms: pd.DataFrame,
    *,
    corpus: pd.DataFrame,
    by: str = "outlet",
    window: int = 8,
    per_term: int = 5,
) -> pd.DataFrame:
    """Concordance lines for each ``(group, term)`` row of ``terms``, from that group only.

    What a report shows under its keyness table: ``terms`` is e.g.
    ``top_keyness(key, n=2)[["group", "term"]]``, and each term's first ``per_term`` lines come
    from the documents of the group it is key for. Columns: ``doc_id, <by>, sent, term, left,
    match, right``, groups and terms in the order given.
    """
    require_columns(terms, ("group", "term"), "keyness table")
    parts = []
    index = TokenIndex.build(tokens) if len(terms) else None
    for group, term in terms[["group", "term"]].itertuples(index=False):
        lines = kwic(tokens, str(term), window=window, corpus=corpus, by=by, index=index)
        lines = lines[lines[by] == str(group)].head(per_term)
        parts.append(lines.assign(term=str(term)))
    columns = ["doc_id", by, "sent", "term", "left", "match", "right"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def kwic_html(frame: pd.DataFrame, *, max_rows: int = 200) -> str:
    """An HTML table of KWIC lines with the keyword highlighted; every cell is escaped.

    Article text is data, never markup: ``<script>`` in a sentence is shown, not run.
    """
    require_columns(frame, ("left", "match", "right"), "KWIC table")
    header_cells = [c for c in frame.columns if c not in ("left", "match", "right")]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in header_cells)
    lines = [
        '<table class="kwic">',
        f'<thead><tr>{head}<th style="text-align:right">left</th><th>match</th><th>right</th></tr></thead>',
        "<tbody>",
    ]
    for record in frame.head(max_rows).to_dict("records"):
        cells = "".join(f"<td>{html.escape(str(record[c]))}</td>" for c in header_cells)
        lines.append(
            f"<tr>{cells}"
            f'<td style="text-align:right">{html.escape(str(record["left"]))}</td>'
            f"<td><mark><strong>{html.escape(str(record['match']))}</strong></mark></td>"
            f"<td>{html.escape(str(record['right']))}</td></tr>"
        )
    lines.append("</tbody></table>")
    if len(frame) > max_rows:
        lines.append(f"<p>{len(frame) - max_rows} more lines not shown.</p>")
    return "\n".join(lines)
