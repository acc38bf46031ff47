"""Per-outlet summaries of the attribution table, for reports.

Every function takes the DataFrame from :func:`analysis.sourcing.attributions` and returns a
table with counts **and** shares, sorted by outlet, then by count (descending), then by the
category name, so that the same input always gives the same rows in the same order.
"""

from __future__ import annotations

import pandas as pd

from analysis.errors import InputError
from analysis.io.schema import require_columns

__all__ = [
    "ACTS",
    "DEFAULT_ACTS",
    "keep_acts",
    "speaker_label",
    "share_of_voice",
    "kind_shares",
    "anonymous_share",
    "verb_profile",
    "media_cited",
    "evidence_table",
]

_NEEDED = ("doc_id", "kind", "speaker", "source_type", "cue_lemma", "medium")


def _check(
    frame: pd.DataFrame, columns: tuple[str, ...] = _NEEDED, *, group: str | None = None
) -> None:
    require_columns(frame, (*columns, *([group] if group else [])), "attribution table")


#: What an attribution's cue reports (the ``act`` column).
ACTS = ("speech", "belief", "evidence")
#: What the sourcing page counts by default: what sources said, and transcript turns.
DEFAULT_ACTS = "speech,turn"


def keep_acts(
    frame: pd.DataFrame, acts: str | list[str] | tuple[str, ...] = DEFAULT_ACTS
) -> pd.DataFrame:
    """Only the attributions whose ``act`` is listed (``"speech"`` or ``"speech, evidence"``).

    ``turn`` selects transcript turns (``kind`` ``turn``), kept apart from quoted speech:
    ``"speech"`` alone counts no turns. ``"all"`` or empty keeps every row. "Who gets to
    speak" usually means ``speech,turn``; beliefs and attitudes ("X backs Clinton", "voters
    are skeptical of …") are attributions too, but nobody spoke.
    """
    wanted = [a.strip() for a in acts.split(",")] if isinstance(acts, str) else list(acts)
    wanted = [a for a in wanted if a]
    if not wanted or "all" in wanted:
        return frame
    unknown = sorted(set(wanted) - {*ACTS, "turn"})
    if unknown:
        raise InputError(f"unknown act(s) {unknown}; use any of {[*ACTS, 'turn']} or 'all'")
    _check(frame, ("act",))
    is_turn = (
        frame["kind"].eq("turn") if "kind" in frame.columns else pd.Series(False, index=frame.index)
    )
    keep = frame["act"].isin([a for a in wanted if a != "turn"]) & ~is_turn
    if "turn" in wanted:
        keep |= is_turn
    return frame[keep].reset_index(drop=True)


def speaker_label(frame: pd.DataFrame) -> pd.Series:
    """Speakers as a page shows them: a country or capital speaking is "Russia (government)"."""
    names = frame["speaker"].fillna("").astype(str)
    if "metonym" not in frame.columns:
        return names
    metonym = frame["metonym"].fillna(False).astype(bool) & names.ne("")
    return names.where(~metonym, names + " (government)")


def _counts(
    frame: pd.DataFrame, column: str, *, group: str = "outlet", label: str = "attributions"
) -> pd.DataFrame:
    """Count rows per outlet and ``column``, with the share within the outlet and doc counts."""
    if frame.empty:
        return pd.DataFrame(columns=[group, column, label, "share", "documents"])
    grouped = frame.groupby([group, column], dropna=False, sort=False)
    table = grouped.agg(
        **{label: ("doc_id", "size"), "documents": ("doc_id", "nunique")}
    ).reset_index()
    totals = table.groupby(group)[label].transform("sum")
    table["share"] = (table[label] / totals).round(4)
    table = table.sort_values([group, label, column], ascending=[True, False, True], kind="stable")
    return table[[group, column, label, "share", "documents"]].reset_index(drop=True)


def share_of_voice(
    frame: pd.DataFrame, *, group: str = "outlet", by: str = "source_type", top: int | None = None
) -> pd.DataFrame:
    """How many attributions go to each speaker (or source type) within each outlet.

    Parameters
    ----------
    by
        ``"source_type"`` (default), ``"speaker"`` or ``"speaker_type"``.
    top
        Keep the ``top`` largest categories per outlet (others are summed into ``(other)``).
    """
    if by not in ("source_type", "speaker", "speaker_type"):
        raise InputError(
            f"share_of_voice(by={by!r}): use 'source_type', 'speaker' or 'speaker_type'"
        )
    _check(frame, (*_NEEDED, by), group=group)
    values = speaker_label(frame) if by == "speaker" else frame[by].fillna("")
    data = frame.assign(
        **{by: values.replace("", "(unresolved)" if by == "speaker" else "(unknown)")}
    )
    table = _counts(data, by, group=group)
    if top is None or table.empty:
        return table
    table["rank"] = table.groupby(group).cumcount()
    kept = table[table["rank"] < top].drop(columns="rank")
    rest = table[table["rank"] >= top].groupby(group, as_index=False)[["attributions"]].sum()
    if not rest.empty:
        # from the counts, not a sum of rounded shares (3 × 0.1667 would print as 0.5001)
        totals = table.groupby(group)["attributions"].sum()
        rest["share"] = (rest["attributions"] / rest[group].map(totals)).round(4)
        rest[by] = "(other)"
        rest["documents"] = pd.NA
        kept = pd.concat([kept, rest[kept.columns]], ignore_index=True)
    order = {"(other)": 1}
    kept["_last"] = kept[by].map(order).fillna(0)
    kept = kept.sort_values(
        [group, "_last", "attributions", by], ascending=[True, True, False, True], kind="stable"
    )
    return kept.drop(columns="_last").reset_index(drop=True)


def kind_shares(frame: pd.DataFrame, *, group: str = "outlet") -> pd.DataFrame:
    """Direct, partial, indirect, according-to and nominal attributions per outlet."""
    _check(frame, group=group)
    return _counts(frame, "kind", group=group)


def anonymous_share(frame: pd.DataFrame, *, group: str = "outlet") -> pd.DataFrame:
    """Attributions to anonymous sources per outlet: ``attributions``, ``anonymous``, ``share``."""
    _check(frame, group=group)
    if frame.empty:
        return pd.DataFrame(columns=[group, "attributions", "anonymous", "share", "documents"])
    table = (
        frame.assign(anonymous=frame["source_type"].eq("anonymous"))
        .groupby(group, sort=True)
        .agg(
            attributions=("doc_id", "size"),
            anonymous=("anonymous", "sum"),
            documents=("doc_id", "nunique"),
        )
        .reset_index()
    )
    table["anonymous"] = table["anonymous"].astype("int64")
    table["share"] = (table["anonymous"] / table["attributions"]).round(4)
    return table[[group, "attributions", "anonymous", "share", "documents"]]


def verb_profile(
    frame: pd.DataFrame, *, group: str = "outlet", top: int | None = None
) -> pd.DataFrame:
    """Reporting cues per outlet with their stance (neutral or loaded)."""
    _check(frame, group=group)
    data = frame[frame["cue_lemma"].fillna("") != ""]
    table = _counts(data, "cue_lemma", group=group)
    if "cue_stance" in frame.columns and not table.empty:
        stance = data.drop_duplicates("cue_lemma").set_index("cue_lemma")["cue_stance"]
        table.insert(2, "stance", table["cue_lemma"].map(stance).fillna(""))
    if top is not None:
        table = table.groupby(group, sort=False).head(top).reset_index(drop=True)
    return table


def media_cited(frame: pd.DataFrame, *, group: str = "outlet") -> pd.DataFrame:
    """Outlets and platforms statements were given to ("told CNN"), per reporting outlet."""
    _check(frame, group=group)
    data = frame[frame["medium"].fillna("") != ""]
    return _counts(data, "medium", group=group)


def evidence_table(
    frame: pd.DataFrame, *, group: str = "outlet", limit: int | None = 50
) -> pd.DataFrame:
    """The sentences behind the numbers: one row per attribution, in corpus order."""
    columns = [
        group,
        "doc_id",
        "kind",
        "speaker",
        "source_type",
        "cue",
        "medium",
        "evidence_sentence",
    ]
    _check(frame, tuple(columns))
    table = frame[columns]
    return (
        table.head(limit).reset_index(drop=True)
        if limit is not None
        else table.reset_index(drop=True)
    )
