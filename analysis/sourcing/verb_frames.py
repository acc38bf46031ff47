"""Which complements a cue verb takes: the small closed sets the syntactic rules consult.

They are grammar, not vocabulary: which verbs name their addressee as the object ("told
reporters"), which report a request or a plan through a to-infinitive ("urged voters to …",
"vowed to win"), which take an object plus a predicate ("called him a liar"), which are
reported in the passive without a source ("is expected to win", "is known as"). The open
vocabulary of cues (with stance and group) is the YAML resource read by
:func:`~analysis.sourcing.lexicons.load_reporting_verbs`; prepositional frames ("warns
against", "support for") live there too.
"""

from __future__ import annotations

__all__ = [
    "ADDRESSEE_VERBS",
    "COMMON_CUES",
    "MORE_CUES",
    "OBJECT_BELIEFS",
    "PASSIVE_CUES",
    "PREDICATIVE_DEPS",
    "RAISING_CUES",
    "REQUEST_VERBS",
    "XCOMP_CUES",
    "LEMMA_FIXES",
    "LIGHT_VERBS",
]

#: Verbs whose direct object is the addressee, never the content: "told reporters".
ADDRESSEE_VERBS = frozenset(
    {"tell", "inform", "remind", "advise", "assure", "ask", "quote", "urge", "warn", "caution",
     "answer", "email", "text", "accuse", "blame", "thank", "encourage"}
)  # fmt: skip
#: Attitude verbs whose object, even one word or a pronoun, is what the attitude is about:
#: "wants a ban", "backs Clinton", "rejecting him", "denounced Trump".
OBJECT_BELIEFS = frozenset(
    {"want", "expect", "fear", "prefer", "support", "back", "endorse", "oppose", "favor",
     "favour", "like", "dislike", "love", "hate", "trust", "distrust", "doubt", "seek",
     "reject", "criticize", "criticise", "attack", "denounce", "condemn", "praise", "defend",
     "blast", "slam", "mock", "dismiss", "admit", "deny", "question", "applaud",
     "hail", "welcome", "decry"}
)  # fmt: skip
#: Cues whose to-infinitive complement is what was said or intended: "vowed to win Florida".
XCOMP_CUES = frozenset(
    {"promise", "vow", "pledge", "threaten", "offer", "refuse", "agree", "decline", "plan",
     "urge", "call", "ask", "demand", "claim", "deny", "propose", "seek", "decide", "aim",
     "encourage", "vote", "campaign"}
)  # fmt: skip
#: Verbs that report a request through a to-infinitive clause: "calling his rivals to drop out".
REQUEST_VERBS = frozenset(
    {"call", "urge", "ask", "press", "push", "implore", "beg", "encourage", "invite"}
)
#: Dependencies of a predicate that completes an object: "called [the report] [a lie]",
#: "described [himself] [as a socialist]" (the "as" phrase is checked separately).
PREDICATIVE_DEPS = frozenset({"oprd", "xcomp", "ccomp", "acomp"})
#: Cues reported in the passive, often with no source: "is expected to win", "is seen as".
PASSIVE_CUES = frozenset(
    {"say", "report", "expect", "believe", "think", "consider", "know", "see", "view", "call",
     "describe", "regard", "rumor", "rumour", "deem", "estimate", "predict", "project",
     "suppose", "presume", "allege", "label", "brand", "dub", "portray", "perceive", "accuse",
     "criticize", "criticise", "blame", "praise", "ask", "urge", "warn"}
)  # fmt: skip
#: Verbs that present their subject's predicate as an impression with no speaker:
#: "Cruz seemed lost", "it appears that …".
RAISING_CUES = frozenset({"seem", "appear"})
#: Cues common enough that a coordinated one starts a new report: "said A and told B".
COMMON_CUES = frozenset(
    {"say", "tell", "add", "state", "claim", "announce", "write", "note", "report", "think",
     "believe"}
)  # fmt: skip
MORE_CUES = frozenset({"tell", "insist", "argue", "warn", "suggest", "explain", "ask", "call"})
#: Verbs whose object noun carries the statement or attitude of the verb's subject: "voiced
#: opposition to", "made the case that", "expressed support for" (not "faced criticism").
LIGHT_VERBS = frozenset(
    {"make", "give", "express", "voice", "offer", "issue", "raise", "lend", "deliver", "repeat",
     "reiterate", "signal", "declare", "announce", "throw", "renew", "register", "air"}
)  # fmt: skip
#: Word forms the English lemmatizer gets wrong for cue verbs ("hoping" → "hop").
LEMMA_FIXES = {"hoping": "hope", "hoped": "hope"}
