"""Actors: people and organisations with their name variants merged, per outlet and over time.

spaCy finds "Trump", "Donald Trump" and "President Trump" as three entities; a reader wants
one actor. :func:`actor_mentions` canonicalises each PERSON/ORG mention in four steps:

1. strip leading titles and country qualifiers ("US President", "Mr.") from person names,
   using ``resources/actors/titles.yml``;
2. map spelling and transliteration variants through ``resources/actors/aliases.yml``
   ("Zelenskyy" → "Volodymyr Zelensky"; "UN" → "United Nations");
3. merge a bare surname into the fullest name ending with it — first the one named in the same
   document, else the most mentioned one in the corpus (left alone when two tie);
4. apply the aliases again (so "Vladimir Zelensky" reached by step 3 is merged too).

Users correct mistakes with their own alias file (merged over the bundled one); names listed
under ``keep`` are never merged by surname.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure

from analysis.annotation.gazetteer import MIN_CITY_POPULATION, MIN_TOWN_POPULATION, is_place
from analysis.errors import InputError, ResourceError
from analysis.io.schema import require_columns
from analysis.plots import add_caption, new_figure, outlet_colors, wrap_label
from analysis.resource_files import bundled_resource, read_yaml_mapping

__all__ = [
    "ActorNames",
    "load_actor_names",
    "canonical_actor",
    "actor_mentions",
    "top_actors",
    "actors_over_time",
    "quoted_vs_mentioned",
    "plot_actors_over_time",
]

ACTOR_LABELS = ("PERSON", "ORG")
_POSSESSIVE = ("'s", "’s", "'", "’")


def _resource(name: str) -> Path:
    return bundled_resource("actors", name)


def _read_yaml(path: Path) -> dict[str, Any]:
    return read_yaml_mapping(path, "actor resource")


def _strings(path: Path, data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ResourceError(f"{path}: '{key}' must be a list of strings, got {value!r}")
    return [" ".join(v.split()) for v in value if v.strip()]


@dataclass(frozen=True)
class ActorNames:
    """Title words, qualifiers, aliases (lowercase variant → canonical) and names to keep."""

    titles: tuple[tuple[str, ...], ...]  # lowercase word sequences, longest first
    qualifiers: frozenset[str]
    aliases: dict[str, str]
    keep: frozenset[str]


def load_actor_names(
    *, titles: str | Path | None = None, aliases: str | Path | None = None
) -> ActorNames:
    """Read the title list and alias file (bundled ones by default; a user alias file is
    merged over the bundled aliases, a user title file replaces the bundled titles)."""
    title_path = Path(titles) if titles else _resource("titles.yml")
    title_data = _read_yaml(title_path)
    title_words = {tuple(t.lower().split()) for t in _strings(title_path, title_data, "titles")}
    ordered = tuple(sorted(title_words, key=lambda t: (-len(t), t)))
    qualifiers = frozenset(q.lower() for q in _strings(title_path, title_data, "qualifiers"))
    mapping: dict[str, str] = {}
    keep: set[str] = set()
    for path in [_resource("aliases.yml")] + ([Path(aliases)] if aliases else []):
        data = _read_yaml(path)
        table = data.get("aliases") or {}
        if not isinstance(table, dict):
            raise ResourceError(
                f"{path}: 'aliases' must map a canonical name to a list of variants"
            )
        for canonical, variants in table.items():
            if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
                raise ResourceError(
                    f"{path}: aliases of {canonical!r} must be a list of strings, got {variants!r}"
                )
            name = " ".join(str(canonical).split())
            mapping[name.lower()] = name
            for variant in variants:
                mapping[" ".join(variant.split()).lower()] = name
        keep.update(k.lower() for k in _strings(path, data, "keep"))
    return ActorNames(ordered, qualifiers, mapping, frozenset(keep))


def _strip_titles(words: list[str], names: ActorNames) -> list[str]:
    lowered = [w.lower() for w in words]
    changed = True
    while changed and len(lowered) > 1:
        changed = False
        start = 1 if lowered[0] in names.qualifiers else 0
        for title in names.titles:
            end = start + len(title)
            if end < len(lowered) and tuple(lowered[start:end]) == title:
                words, lowered, changed = words[end:], lowered[end:], True
                break
        if not changed and start == 1 and len(lowered) > 2:
            # "Ukraine Volodymyr Zelenskyy": a country left over from "President of Ukraine …"
            words, lowered, changed = words[1:], lowered[1:], True
    return words


def _strip(name: str, label: str, names: ActorNames) -> str:
    """Whitespace, possessive, a leading "the" and (for people) titles removed."""
    text = " ".join(str(name).split())
    for ending in _POSSESSIVE:
        if text.endswith(ending) and len(text) > len(ending):
            text = text[: -len(ending)]
            break
    if text.lower().startswith("the ") and len(text) > 4:
        text = text[4:]
    if label == "PERSON":
        text = " ".join(_strip_titles(text.split(), names))
    return text


def canonical_actor(name: str, label: str, names: ActorNames) -> str:
    """Steps 1–2 for one name: tidy, strip titles (people), then map aliases.

    >>> canonical_actor("US President Donald Trump's", "PERSON", load_actor_names())
    'Donald Trump'
    """
    text = _strip(name, label, names)
    found = names.aliases.get(text.lower())
    if found is None and label != "PERSON":
        # a person mislabelled as an organisation: "Ukraine Volodymyr Zelenskyy" (ORG)
        found = names.aliases.get(_strip(name, "PERSON", names).lower())
    if found is None and label == "PERSON" and " " in text:
        surname_alias = names.aliases.get(text.rsplit(" ", 1)[-1].lower(), "")
        # "Volodymyr Zelenskyi": the surname alone is a listed variant of a person's name
        if " " in surname_alias and surname_alias.lower() != text.rsplit(" ", 1)[-1].lower():
            found = surname_alias
    return found or text


def _surname_targets(frame: pd.DataFrame, keep: frozenset[str]) -> pd.Series:
    """Step 3: a full name for each single-word name (same document first, then corpus).

    Single-word ORG mentions are merged too, but only with a person named in the same
    document (spaCy often labels a bare "Trump" as an organisation).
    """
    people = frame[frame["label"] == "PERSON"]
    full = people[people["name"].str.contains(" ", regex=False)]
    # a full name is found by the surname it was written with and by its canonical surname
    full = pd.concat(
        [
            full.assign(surname=full[column].str.rsplit(" ", n=1).str[-1].str.lower())
            for column in ("stripped", "name")
        ]
    )
    full = full[full["stripped"].str.contains(" ", regex=False)].reset_index()
    full = full.drop_duplicates(["index", "surname"])
    single = frame[~frame["name"].str.contains(" ", regex=False)]
    single = single[~single["name"].str.lower().isin(keep)]
    in_doc = (
        full.groupby(["doc_id", "surname", "name"]).size().rename("n").reset_index()
        .sort_values(["doc_id", "surname", "n", "name"], ascending=[True, True, False, True])
    )  # fmt: skip
    corpus_counts = (
        full.groupby(["surname", "name"]).size().rename("n").reset_index()
        .sort_values(["surname", "n", "name"], ascending=[True, False, True])
    )  # fmt: skip
    corpus_best = _unique_best(corpus_counts, ["surname"])
    doc_best = _unique_best(in_doc, ["doc_id", "surname"])
    targets = pd.Series(frame["name"].to_numpy(), index=frame.index, dtype="object")
    rows = zip(single.index, single["doc_id"], single["name"], single["label"], strict=True)
    for index, doc_id, name, label in rows:
        key = name.lower()
        target = doc_best.get((doc_id, key))
        if target is None and label == "PERSON":
            target = corpus_best.get((key,))
        if target:
            targets[index] = target
    return targets


def _unique_best(counts: pd.DataFrame, keys: list[str]) -> dict[tuple, str]:
    """The most frequent name per key, unless the top two tie (then no merge)."""
    best: dict[tuple, str] = {}
    for key, group in counts.groupby(keys, sort=False):
        n = group["n"].tolist()
        if len(n) == 1 or n[0] > n[1]:
            best[key if isinstance(key, tuple) else (key,)] = group["name"].iloc[0]
    return best


def actor_mentions(
    entities: pd.DataFrame,
    *,
    labels: Sequence[str] = ACTOR_LABELS,
    aliases: str | Path | None = None,
    titles: str | Path | None = None,
    names: ActorNames | None = None,
) -> pd.DataFrame:
    """PERSON/ORG entity mentions with an ``actor`` column holding the merged name.

    Returns the entity rows (``doc_id, sent, label, text, canonical``) plus ``name`` (after
    title stripping and aliases), ``actor`` (after surname matching) and ``actor_label``
    (the actor's most frequent label, so a "Trump" tagged ORG counts for the person), in input order.
    """
    require_columns(entities, ("doc_id", "label", "text"), "entity table")
    names = names or load_actor_names(titles=titles, aliases=aliases)
    entities = entities.assign(label=place_labels(entities))
    frame = entities[entities["label"].isin(list(labels))].reset_index(drop=True)
    source = frame["canonical"] if "canonical" in frame.columns else frame["text"]
    frame["stripped"] = [
        _strip(n, lbl, names) for n, lbl in zip(source, frame["label"], strict=True)
    ]
    frame["name"] = [
        canonical_actor(n, lbl, names) for n, lbl in zip(source, frame["label"], strict=True)
    ]
    frame = frame[frame["name"].astype(str).str.len() > 0].reset_index(drop=True)
    if frame.empty:  # no people or organisations: an empty table with the documented columns
        return frame.drop(columns="stripped").assign(
            actor=pd.Series(dtype=object), actor_label=pd.Series(dtype=object)
        )
    merged = _surname_targets(frame, names.keep)
    frame["actor"] = [names.aliases.get(a.lower(), a) for a in merged]
    frame["actor_label"] = _majority_label(frame)
    return frame.drop(columns="stripped")


def place_labels(entities: pd.DataFrame) -> pd.Series:
    """Entity labels with places the model took for people or organisations put right.

    "Sumy" (PERSON) and "Bucha" (ORG) are places by the gazetteer
    (:mod:`analysis.annotation.gazetteer`), the same correction the sourcing extractor makes;
    a name that is also the surname of a multi-word PERSON in the same document stays a person.
    """
    labels = entities["label"].astype(str)
    text = entities["canonical"] if "canonical" in entities.columns else entities["text"]
    text = text.astype(str).str.strip()
    candidates = labels.isin(["PERSON", "ORG"]) & (text.str.count(" ") < 3)
    if not candidates.any():
        return labels
    pairs = set(zip(text[candidates], labels[candidates], strict=True))
    # a name the model itself labels a place somewhere in the corpus is a town at any size
    seen_as_place = set(text[labels.isin(["GPE", "LOC"])])
    places = {
        (t, lbl)
        for t, lbl in pairs
        if is_place(
            t, MIN_TOWN_POPULATION if lbl == "ORG" or t in seen_as_place else MIN_CITY_POPULATION
        )
    }
    if not places:
        return labels
    people = entities[labels.eq("PERSON") & text.str.contains(" ", regex=False)]
    surnames = set(zip(people["doc_id"], text[people.index].str.split().str[-1], strict=True))
    is_surname = pd.Series(
        [(d, t) in surnames for d, t in zip(entities["doc_id"], text, strict=True)],
        index=entities.index,
    )
    is_listed = pd.Series(
        [(t, lbl) in places for t, lbl in zip(text, labels, strict=True)], index=entities.index
    )
    fix = candidates & is_listed & ~is_surname
    return labels.mask(fix, "GPE")


def _majority_label(frame: pd.DataFrame) -> pd.Series:
    """Each actor's most frequent entity label (PERSON wins ties): one row per actor in tables."""
    counts = frame.groupby(["actor", "label"]).size().rename("n").reset_index()
    counts["person"] = counts["label"] == "PERSON"
    counts = counts.sort_values(
        ["actor", "n", "person", "label"], ascending=[True, False, False, True]
    )
    best = counts.drop_duplicates("actor").set_index("actor")["label"]
    return frame["actor"].map(best)


def top_actors(
    mentions: pd.DataFrame, corpus: pd.DataFrame, *, by: str = "outlet", n: int = 10
) -> pd.DataFrame:
    """Most mentioned actors per outlet: mentions, documents, share of the outlet's actor
    mentions and the variants merged into each (most frequent first)."""
    merged = mentions.merge(corpus[["doc_id", by]], on="doc_id", how="left")
    table = (
        merged.groupby([by, "actor", "actor_label"], sort=True)
        .agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"))
        .reset_index()
    )
    table["share_of_outlet_mentions"] = (
        table["mentions"] / table.groupby(by)["mentions"].transform("sum")
    ).round(4)
    variants = (
        merged.groupby([by, "actor", "actor_label", "text"]).size().rename("k").reset_index()
        .sort_values(["k", "text"], ascending=[False, True])
        .groupby([by, "actor", "actor_label"])["text"].agg(lambda s: "; ".join(s.head(6)))
        .rename("variants").reset_index()
    )  # fmt: skip
    table = table.merge(variants, on=[by, "actor", "actor_label"], how="left")
    table = table.sort_values([by, "mentions", "actor"], ascending=[True, False, True])
    return table.groupby(by, sort=True).head(n).reset_index(drop=True)


def actors_over_time(
    mentions: pd.DataFrame,
    corpus: pd.DataFrame,
    *,
    by: str = "outlet",
    actors: Iterable[str] | None = None,
    n: int = 5,
    freq: str = "M",
) -> pd.DataFrame:
    """Mentions and documents per actor, outlet and period (``freq``: D, W, M, Q or Y).

    ``actors`` picks the actors; by default the ``n`` most mentioned in the whole corpus.
    Undated documents are left out.
    """
    if actors is None:
        counts = mentions.groupby("actor").size().reset_index(name="k")
        actors = counts.sort_values(["k", "actor"], ascending=[False, True])["actor"].head(n)
    wanted = mentions[mentions["actor"].isin(list(actors))]
    dated = corpus.dropna(subset=["published"])[["doc_id", by, "published"]]
    merged = wanted.merge(dated, on="doc_id", how="inner")
    merged["period"] = merged["published"].dt.to_period(freq).dt.start_time
    table = (
        merged.groupby(["actor", by, "period"], sort=True)
        .agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"))
        .reset_index()
    )
    table.attrs["freq"] = freq
    return table


def quoted_vs_mentioned(
    mentions: pd.DataFrame,
    attributions: pd.DataFrame,
    *,
    names: ActorNames | None = None,
    aliases: str | Path | None = None,
) -> pd.DataFrame:
    """Which actors are given a voice (quoted) and which are only talked about.

    ``attributions`` needs only a ``speaker`` column (from :mod:`analysis.sourcing`); each
    speaker is canonicalised like a mention and a bare surname is matched to the most mentioned
    actor ending with it. Speakers never recognised as entities still appear (mentions 0).

    Returns
    -------
    DataFrame ``actor, mentions, documents, quotes, status`` (``quoted`` or ``mentioned only``),
    most mentioned first.
    """
    if "speaker" not in attributions.columns:
        raise InputError("attributions need a 'speaker' column (from analysis.sourcing.extract)")
    names = names or load_actor_names(aliases=aliases)
    counts = mentions.groupby("actor").agg(
        mentions=("doc_id", "size"), documents=("doc_id", "nunique")
    )
    by_surname: dict[str, str] = {}
    for actor in counts.sort_values("mentions", ascending=False, kind="stable").index:
        if " " in actor:
            by_surname.setdefault(actor.rsplit(" ", 1)[-1].lower(), actor)
    speakers = attributions["speaker"].dropna().astype(str)
    speakers = speakers[speakers.str.strip().str.len() > 0]
    resolved = []
    for speaker in speakers:
        name = canonical_actor(speaker, "PERSON", names)
        if " " not in name and name.lower() not in names.keep:
            name = by_surname.get(name.lower(), name)
        resolved.append(names.aliases.get(name.lower(), name))
    quotes = pd.Series(resolved, dtype="object").value_counts().rename("quotes")
    table = counts.join(quotes, how="outer").fillna(0).astype("int64").rename_axis("actor")
    table = table.reset_index()
    table["status"] = ["quoted" if q else "mentioned only" for q in table["quotes"]]
    table = table.sort_values(["mentions", "quotes", "actor"], ascending=[False, False, True])
    return table.reset_index(drop=True)


def plot_actors_over_time(table: pd.DataFrame, *, by: str = "outlet") -> Figure:
    """Lines per actor (all outlets together): mentions per period."""
    freq = table.attrs.get("freq", "")
    unit = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}.get(freq, "period")
    fig, ax = new_figure("Actors over time", f"{unit} (start date)", "mentions (count)")
    totals = table.groupby(["actor", "period"], sort=True)["mentions"].sum().reset_index()
    colors = outlet_colors(totals["actor"])
    for actor, part in totals.groupby("actor", sort=True):
        ax.plot(
            part["period"],
            part["mentions"],
            marker="o",
            markersize=3,
            color=colors[actor],
            label=wrap_label(actor),
        )
    ax.legend(fontsize=8)
    fig.autofmt_xdate()
    add_caption(
        fig,
        f"Named-entity mentions per {unit}, name variants merged (titles stripped, aliases, surnames); all outlets together, so read with the documents-over-time figure.",
    )
    return fig
