"""The PFSA-ID adapter: reads a PFSA-ID split (one token per line, BILOU
labels), splits it into articles, detokenises them, and scores the direct
quotes and speakers that :func:`attrib.trace` finds (``attrib eval --pfsa``).
docs/pfsa-id.md gives the rules."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple, Union

import attrs

from ..model import Document, Span
from .metrics import EvalError, errors_text, f1_of, matches_any, shorten

# --- reading ----------------------------------------------------------------


@attrs.frozen
class Token:
    text: str
    label: str = "O"


TokenSegment = List[Token]  # one sentence of the file


def parse_pfsa(lines: Iterable[str], where: str = "PFSA-ID") -> List[TokenSegment]:
    """Segments of ``token<TAB>label`` lines; blank lines separate segments."""
    segments: List[TokenSegment] = []
    current: TokenSegment = []
    for n, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            if current:
                segments.append(current)
                current = []
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0]:
            raise EvalError(f"{where}: line {n}: expected 'token<TAB>label', got {line[:60]!r}")
        current.append(Token(parts[0], parts[1].strip() or "O"))
    if current:
        segments.append(current)
    return segments


def read_pfsa(path: Union[str, Path]) -> List[TokenSegment]:
    path = Path(path)
    if not path.is_file():
        raise EvalError(f"PFSA file not found: {path}")
    with path.open(encoding="utf-8") as fh:
        return parse_pfsa(fh, str(path))


_DASHES = {"—", "–", "-"}
_PLACE = re.compile(r"^[A-Z][A-Z.'’]*$")


def dateline_length(tokens: Sequence[str]) -> int:
    """Tokens in the Kompas dateline that opens ``tokens`` (``JAKARTA , KOMPAS —``), or 0."""
    for k in range(1, min(len(tokens) - 2, 7)):
        if tokens[k] == "," and tokens[k + 1].startswith("KOMPAS") and tokens[k + 2] in _DASHES:
            if all(_PLACE.match(t) for t in tokens[:k]):
                return k + 3
            return 0
    return 0


@attrs.define
class Article:
    index: int
    first_segment: int  # index of its first segment in the file
    segments: List[TokenSegment]


def split_articles(segments: Sequence[TokenSegment]) -> List[Article]:
    """Articles: a new one at each segment that opens with a dateline (see docs/pfsa-id.md)."""
    articles: List[Article] = []
    for i, seg in enumerate(segments):
        if not articles or dateline_length([t.text for t in seg]):
            articles.append(Article(len(articles), i, []))
        articles[-1].segments.append(list(seg))
    return articles


# --- detokenisation ---------------------------------------------------------

_NO_SPACE_BEFORE = {",", ".", ")", "]", "}", ":", ";", "?", "!", "%", "…"}
_NO_SPACE_AFTER = {"(", "[", "{"}
_ALWAYS_OPEN = {"“": "d", "‘": "s", "„": "d", "«": "d"}
_AMBIGUOUS = {"”": "d", '"': "d", "’": "s", "'": "s", "»": "d"}
_CLAUSE_END = {",", ".", ";", ":", "?", "!"}
_JOINERS = {"/", "-"}
_CLITIC = re.compile(r"^-(nya|lah|kah|pun|mu|ku)$", re.IGNORECASE)


def _alnum_edge(token: Optional[str], end: bool) -> bool:
    if not token:
        return False
    ch = token[-1] if end else token[0]
    return ch.isalnum()


@attrs.define
class Detokenised:
    text: str
    spans: List[List[Span]]  # spans[segment][token]

    def span_of(self, seg: int, tok: int) -> Span:
        return self.spans[seg][tok]


def _tok(t) -> Token:
    return t if isinstance(t, Token) else Token(str(t))


def detokenise(segments: Sequence[Sequence[Union[Token, str]]]) -> Detokenised:
    """Natural text for one article's segments, with every token's character span.

    Tokens may be :class:`Token` (the label helps decide quote marks) or plain
    strings. Segments are joined with a space. ``text[span] == token`` holds for
    every token. The rules are in docs/pfsa-id.md.
    """
    segs = [[_tok(t) for t in seg] for seg in segments]
    flat: List[Tuple[int, int, Token]] = [(si, ti, t) for si, seg in enumerate(segs) for ti, t in enumerate(seg)]
    n = len(flat)
    dateline_dash = -1
    if segs and segs[0]:
        k = dateline_length([t.text for t in segs[0]])
        if k:
            dateline_dash = k - 1  # flat index (segment 0 comes first)

    # Decide every quote mark: True opens, False closes.
    opens: Dict[int, bool] = {}
    open_family = {"d": False, "s": False}
    for i, (_, _, t) in enumerate(flat):
        if t.text in _ALWAYS_OPEN:
            opens[i] = True
            open_family[_ALWAYS_OPEN[t.text]] = True
            continue
        fam = _AMBIGUOUS.get(t.text)
        if fam is None:
            continue
        nxt = flat[i + 1][2].text if i + 1 < n else None
        prv = flat[i - 1][2].text if i > 0 else None
        if t.label == "B-STATEMENT":
            is_open = True
        elif t.label == "L-STATEMENT":
            is_open = False
        elif nxt is None or nxt in _NO_SPACE_BEFORE:
            is_open = False
        elif prv is None or prv in _NO_SPACE_AFTER:
            is_open = True
        elif prv in _CLAUSE_END and nxt[:1].islower():
            is_open = False  # ``..., ” ujar X``: quotations open on a capital, cues follow in lower case
        else:
            is_open = not open_family[fam]
        opens[i] = is_open
        open_family[fam] = is_open

    def joined(i: int) -> bool:
        """A / or - that binds its two alphanumeric neighbours."""
        t = flat[i][2].text
        if t not in _JOINERS or i == dateline_dash or i == 0 or i + 1 >= n:
            return False
        return _alnum_edge(flat[i - 1][2].text, True) and _alnum_edge(flat[i + 1][2].text, False)

    parts: List[str] = []
    spans: List[List[Span]] = [[] for _ in segs]
    pos = 0
    for i, (si, _, t) in enumerate(flat):
        if i > 0:
            prev = flat[i - 1][2].text
            space = not (
                t.text in _NO_SPACE_BEFORE
                or prev in _NO_SPACE_AFTER
                or opens.get(i - 1) is True
                or opens.get(i) is False
                or _CLITIC.match(t.text)
                or joined(i)
                or joined(i - 1)
            )
            if space:
                parts.append(" ")
                pos += 1
        parts.append(t.text)
        spans[si].append(Span(pos, pos + len(t.text)))
        pos += len(t.text)
    return Detokenised("".join(parts), spans)


# --- gold -------------------------------------------------------------------


@attrs.define
class LabelledSpan:
    type: str
    first: Tuple[int, int]  # (segment, token) of the first token
    last: Tuple[int, int]


def labelled_spans(segments: Sequence[TokenSegment]) -> List[LabelledSpan]:
    """The BILOU spans of an article; spans may run over segment breaks.

    Broken sequences are repaired: a B or U ends any open span of its type, an
    I or L with nothing open starts one, and an O ends the open span.
    """
    out: List[LabelledSpan] = []
    open_: Optional[LabelledSpan] = None
    for si, seg in enumerate(segments):
        for ti, tok in enumerate(seg):
            label = tok.label
            prefix, _, typ = label.partition("-")
            if label == "O" or not typ:
                if open_ is not None:
                    out.append(open_)
                    open_ = None
                continue
            if open_ is not None and (open_.type != typ or prefix in ("B", "U")):
                out.append(open_)
                open_ = None
            if open_ is None:
                open_ = LabelledSpan(typ, (si, ti), (si, ti))
            open_.last = (si, ti)
            if prefix in ("L", "U"):
                out.append(open_)
                open_ = None
    if open_ is not None:
        out.append(open_)
    return out


@attrs.define
class Statement:
    span: Span
    text: str
    speakers: List[str]
    segments: Tuple[int, int]  # first and last segment, within the article
    # The last PERSON/PERSONCOREF before the quote anywhere in the article: not
    # gold, only a hint in error lines (an "ujarnya" may point further back
    # than the one-segment window).
    nearest_before: Optional[str] = None


SPEAKER_TYPES = ("PERSON", "PERSONCOREF")


def article_statements(article: Article, detok: Detokenised) -> List[Statement]:
    """Gold statements of an article with their candidate speakers."""
    spans = labelled_spans(article.segments)

    def char_span(ls: LabelledSpan) -> Span:
        return Span(detok.span_of(*ls.first).start, detok.span_of(*ls.last).end)

    people = [(ls, char_span(ls)) for ls in spans if ls.type in SPEAKER_TYPES]
    out = []
    for ls in spans:
        if ls.type != "STATEMENT":
            continue
        cs = char_span(ls)
        lo, hi = ls.first[0] - 1, ls.last[0] + 1
        speakers = []
        for p, ps in people:
            if lo <= p.first[0] <= hi or lo <= p.last[0] <= hi:
                name = detok.text[ps.start:ps.end]
                if name not in speakers:
                    speakers.append(name)
        before = [ps for _, ps in people if ps.end <= cs.start]
        nearest = detok.text[before[-1].start:before[-1].end] if before else None
        out.append(Statement(cs, detok.text[cs.start:cs.end], speakers, (ls.first[0], ls.last[0]), nearest))
    return out


# --- scoring ----------------------------------------------------------------

MISSED, SPURIOUS, WRONG_SPEAKER = "missed statement", "spurious quote", "wrong speaker"
CONTEXT = 70  # characters of text after a quote shown in an error line


@attrs.define
class PfsaError:
    """A missed statement, a spurious quote or a wrong speaker, with the text to look at."""

    kind: str
    article: int
    offset: int
    text: str
    after: str  # the text right after the quote (where a post-quote cue stands)
    speakers: List[str] = attrs.Factory(list)
    nearest_before: Optional[str] = None
    pred_source: Optional[str] = None
    pred_mention: Optional[str] = None
    pred_cue: Optional[str] = None
    # spurious: whether the predicted speaker is labelled PERSON/PERSONCOREF
    # anywhere in the article (PFSA-ID labels public figures only)
    speaker_labelled: bool = False

    def to_dict(self) -> dict:
        return attrs.asdict(self, recurse=False)

    def __str__(self) -> str:
        head = f"[{self.kind}] article {self.article} @{self.offset}"
        if self.kind == MISSED:
            detail = f"speakers {self.speakers or '(none annotated)'}"
        elif self.kind == SPURIOUS:
            detail = (f"cue {self.pred_cue!r}, source {self.pred_source!r} (mention {self.pred_mention!r})"
                      + ("" if self.speaker_labelled else "; speaker never labelled a person in PFSA-ID"))
        else:
            detail = (f"gold {self.speakers} / predicted {self.pred_source!r} (mention {self.pred_mention!r}, "
                      f"cue {self.pred_cue!r}); nearest person before the quote: {self.nearest_before!r}")
        return f"{head} {detail}\n    {shorten(self.text)}  ⟶ {shorten(self.after, CONTEXT)}"


@attrs.define
class PfsaReport:
    """Direct-quote and speaker scores on a PFSA-ID file, with the error list."""

    path: str
    articles: int = 0
    statements: int = 0
    predicted: int = 0
    tp: int = 0
    speaker_judged: int = 0  # matched statements that have an annotated speaker
    speaker_ok: int = 0
    errors: List[PfsaError] = attrs.Factory(list)
    elapsed: float = 0.0

    @property
    def fp(self) -> int:
        return self.predicted - self.tp

    @property
    def fn(self) -> int:
        return self.statements - self.tp

    @property
    def precision(self) -> Optional[float]:
        return self.tp / self.predicted if self.predicted else None

    @property
    def recall(self) -> Optional[float]:
        return self.tp / self.statements if self.statements else None

    @property
    def f1(self) -> Optional[float]:
        return f1_of(self.precision, self.recall)

    @property
    def speaker_accuracy(self) -> Optional[float]:
        return self.speaker_ok / self.speaker_judged if self.speaker_judged else None

    def _count(self, kind: str, flag=None) -> int:
        return sum(1 for e in self.errors if e.kind == kind and (flag is None or flag(e)))

    @property
    def spurious_unlabelled(self) -> int:
        """Spurious quotes whose speaker PFSA-ID never labels as a person (it annotates public figures only)."""
        return self._count(SPURIOUS, lambda e: not e.speaker_labelled)

    @property
    def wrong_but_nearest(self) -> int:
        """Wrong speakers that name the nearest person before the quote (outside the gold window)."""
        return self._count(WRONG_SPEAKER, lambda e: bool(e.nearest_before) and _names_match(
            [e.nearest_before], e.pred_source, e.pred_mention))

    def to_dict(self, errors: bool = True) -> dict:
        d = {
            "path": self.path,
            "articles": self.articles,
            "statements": self.statements,
            "predicted_quotes": self.predicted,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "speaker_judged": self.speaker_judged,
            "speaker_unjudged": self.tp - self.speaker_judged,
            "speaker_ok": self.speaker_ok,
            "speaker_accuracy": self.speaker_accuracy,
            "spurious_speaker_unlabelled": self.spurious_unlabelled,
            "wrong_speaker_nearest_before": self.wrong_but_nearest,
            "seconds": round(self.elapsed, 3),
        }
        if errors:
            d["errors"] = [e.to_dict() for e in self.errors]
        return d

    def table(self) -> str:
        def f(x):
            return "-" if x is None else f"{x:.3f}"

        wrong = self._count(WRONG_SPEAKER)
        rows = [
            ("articles", self.articles),
            ("gold statements", self.statements),
            ("predicted direct quotes", self.predicted),
            ("TP / FP / FN", f"{self.tp} / {self.fp} / {self.fn}"),
            ("direct-quote P / R / F1", f"{f(self.precision)} / {f(self.recall)} / {f(self.f1)}"),
            ("speaker accuracy", f"{f(self.speaker_accuracy)} ({self.speaker_ok} of {self.speaker_judged} found "
                                 f"statements with an annotated speaker; {self.tp - self.speaker_judged} without)"),
            ("note: FP by unlabelled people", f"{self.spurious_unlabelled} of {self.fp} (speaker never labelled "
                                              "PERSON in the article; PFSA-ID annotates public figures only)"),
            ("note: wrong speakers naming", f"{self.wrong_but_nearest} of {wrong} (the nearest person before the "
                                            "quote, outside the one-segment window)"),
        ]
        w = max(len(k) for k, _ in rows)
        lines = [f"PFSA-ID: {self.path}"] + [f"  {k.ljust(w)}  {v}" for k, v in rows]
        lines.append(f"  scored in {self.elapsed:.2f} s")
        return "\n".join(lines)

    def errors_text(self) -> str:
        return errors_text(self.errors)


def person_strings(article: Article, detok: Detokenised) -> List[str]:
    """Every PERSON and PERSONCOREF string of an article."""
    out = []
    for ls in labelled_spans(article.segments):
        if ls.type in SPEAKER_TYPES:
            out.append(detok.text[detok.span_of(*ls.first).start:detok.span_of(*ls.last).end])
    return out


def _names_match(candidates: Sequence[str], name: Optional[str], mention: Optional[str]) -> bool:
    """Whether the predicted source name or its mention matches one of ``candidates``."""
    return any(matches_any(candidates, n) for n in (name, mention) if n)


def score_article(article: Article, detok: Detokenised, doc: Document, report: PfsaReport) -> None:
    """Add one traced article's quote and speaker scores (and errors) to ``report``."""
    statements = article_statements(article, detok)
    preds = [a for a in doc.attributions if a.direct]
    report.statements += len(statements)
    report.predicted += len(preds)

    # One-to-one matching, the largest character overlap first.
    pairs = []
    for si, st in enumerate(statements):
        for pi, a in enumerate(preds):
            span = a.content.span
            overlap = min(st.span.end, span.end) - max(st.span.start, span.start)
            if overlap > 0:
                pairs.append((-overlap, si, pi))
    pairs.sort()
    st_to_pred: Dict[int, int] = {}
    used = set()
    for _, si, pi in pairs:
        if si in st_to_pred or pi in used:
            continue
        st_to_pred[si] = pi
        used.add(pi)

    text = detok.text
    people = person_strings(article, detok)

    def after(span: Span) -> str:
        return text[span.end: span.end + CONTEXT]

    for si, st in enumerate(statements):
        pi = st_to_pred.get(si)
        if pi is None:
            report.errors.append(PfsaError(MISSED, article.index, st.span.start, st.text, after(st.span),
                                           st.speakers, st.nearest_before))
            continue
        report.tp += 1
        if not st.speakers:
            continue
        a = preds[pi]
        report.speaker_judged += 1
        if _names_match(st.speakers, a.source.name, a.source.mention):
            report.speaker_ok += 1
        else:
            report.errors.append(PfsaError(WRONG_SPEAKER, article.index, st.span.start, st.text, after(st.span),
                                           st.speakers, st.nearest_before, a.source.name, a.source.mention,
                                           a.cue.text))
    for pi, a in enumerate(preds):
        if pi not in used:
            span = a.content.span
            report.errors.append(PfsaError(SPURIOUS, article.index, span.start, a.content.text, after(span),
                                           pred_source=a.source.name, pred_mention=a.source.mention,
                                           pred_cue=a.cue.text,
                                           speaker_labelled=_names_match(people, a.source.name, a.source.mention)))


def evaluate_pfsa(path: Union[str, Path], lang: str = "id") -> PfsaReport:
    """Trace every article of a PFSA-ID file and score direct quotes and speakers.

    Raises :class:`~attrib.eval.metrics.EvalError` when the file is missing or not
    in the PFSA-ID format.
    """
    from ..pipeline import trace

    start = time.perf_counter()
    articles = split_articles(read_pfsa(path))
    report = PfsaReport(str(path), articles=len(articles))
    for article in articles:
        detok = detokenise(article.segments)
        doc = trace(detok.text, lang=lang, id=f"pfsa-{article.index}")
        score_article(article, detok, doc, report)
    report.errors.sort(key=lambda e: (e.article, e.offset))
    report.elapsed = time.perf_counter() - start
    return report
