"""A small TF-IDF index over the curated phrasings: words (stemmed), word pairs and character n-grams.

Three feature spaces are weighted separately and their cosine similarities added:
- stems carry meaning across word forms ("geschorst", "schorsing" -> "schors"),
- word pairs carry short fixed phrases ("geen bezwaar", "van school"),
- character n-grams carry typos and compounds ("toestemmingsformulier", "schorssing").
Pure Python and deterministic: the same text always gives the same scores, in the same order.
"""
from __future__ import annotations

import math
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from rapidfuzz import fuzz, process

from dialogues.understanding import text as tx
from dialogues.understanding.phrasings import Phrasing

WEIGHTS = {"w": 0.45, "b": 0.15, "c": 0.40}
LANGS = ("nl", "en")
COMMON_SHARE = 0.1
# A question is a few sentences; a pasted letter is cut here so that it cannot stall the bot.
MAX_WORDS = 80
MAX_WORD_LENGTH = 30          # longer "words" (links, codes) are not corrected or split
MAX_CORRECTIONS = 12          # unknown words looked up per message


def _phrasing_features(space: str, words: list[str], lang: str) -> list[str]:
    if space == "c":
        return tx.char_ngrams(words)
    stems = [tx.stem(w, lang) for w in words]
    return stems if space == "w" else [f"{a}_{b}" for a, b in zip(stems, stems[1:])]


class PostingTable:
    """feature -> its (number, weight) pairs, numbers ascending, packed flat in three arrays.

    A list of tuples per feature costs about 90 bytes a posting and two small arrays per feature
    about 150 bytes a feature; with some 90,000 features (character n-grams above all) this is most
    of the index's memory. Built in two passes over `rows` (a function giving (number, [(feature,
    weight)]) in ascending numbers), so nothing is held twice while building."""

    def __init__(self, rows: Callable[[], Iterable[tuple[int, list[tuple[str, float]]]]]) -> None:
        sizes: dict[str, int] = {}
        for _, items in rows():
            for feature, _ in items:
                sizes[feature] = sizes.get(feature, 0) + 1
        self.row = {feature: i for i, feature in enumerate(sizes)}
        bounds, total = array("i", [0]), 0
        for size in sizes.values():
            total += size
            bounds.append(total)
        del sizes
        self.bounds, self.numbers, self.weights = bounds, array("i", [0]) * total, array("d", [0.0]) * total
        cursor = array("i", bounds[:-1])
        for number, items in rows():
            for feature, weight in items:
                row = self.row[feature]
                at = cursor[row]
                self.numbers[at], self.weights[at] = number, weight
                cursor[row] = at + 1

    def get(self, feature: str) -> Iterable[tuple[int, float]]:
        row = self.row.get(feature)
        if row is None:
            return ()
        start, end = self.bounds[row], self.bounds[row + 1]
        return zip(self.numbers[start:end], self.weights[start:end])

    def items(self) -> Iterator[tuple[str, Iterable[tuple[int, float]]]]:
        for feature in self.row:
            yield feature, self.get(feature)


@dataclass
class Space:
    idf: dict[str, float]
    postings: PostingTable


class PhrasingIndex:
    def __init__(self, phrasings: list[Phrasing]):
        self.phrasings = phrasings
        self.vocabulary: set[str] = set()          # canonical words of every phrasing
        tokenised: list[tuple[list[str], str]] = []
        for phrasing in phrasings:
            words = tx.words(tx.canonical(phrasing.text))
            self.vocabulary.update(words)
            self.vocabulary.update(tx.fold(phrasing.text).split())   # before synonyms: "aanpak"
            tokenised.append((words, phrasing.lang))
        self.known_words = sorted(w for w in self.vocabulary if len(w) >= 4)
        self.stems = {tx.stem(w, lang) for w in self.vocabulary for lang in LANGS}
        self.topics = sorted({p.topic for p in phrasings})
        self.topic_of = [p.topic for p in phrasings]
        # One space at a time, its counts dropped before the next: the build's peak memory (kept by
        # the allocator as the process's size afterwards) is about half of building all three at once.
        self.spaces: dict[str, Space] = {}
        self.centroids: dict[str, PostingTable] = {}
        for space in WEIGHTS:
            self.spaces[space] = self._space([Counter(_phrasing_features(space, words, lang))
                                              for words, lang in tokenised])
            self.centroids[space] = self._centroids(self.spaces[space])

    @staticmethod
    def _space(counts: list[Counter]) -> Space:
        total = len(counts)
        document_frequency = Counter(feature for count in counts for feature in count)
        idf = {f: math.log((total + 1) / (df + 1)) + 1.0 for f, df in document_frequency.items()}
        # Features in very many phrasings ("<de", "en>") add little but cost the most time: they
        # still count in the vector norms, but are not looked up.
        common = max(20, COMMON_SHARE * total)

        def rows():
            for doc, count in enumerate(counts):
                weights = {f: (1.0 + math.log(n)) * idf[f] for f, n in count.items()}
                norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
                yield doc, [(f, w / norm) for f, w in weights.items() if document_frequency[f] <= common]
        return Space(idf, PostingTable(rows))

    def _centroids(self, space: Space) -> PostingTable:
        """Each topic's phrasings summed into one normalised vector: the words a topic keeps
        using ("verwijdering", "expulsion") weigh more there than in any single phrasing."""
        position = {topic: i for i, topic in enumerate(self.topics)}
        sums: list[dict[str, float]] = [defaultdict(float) for _ in self.topics]
        for feature, postings in space.postings.items():
            for doc, weight in postings:
                sums[position[self.phrasings[doc].topic]][feature] += weight

        def rows():
            for topic_index, vector in enumerate(sums):
                norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
                yield topic_index, [(feature, weight / norm) for feature, weight in vector.items()]
        return PostingTable(rows)

    # -- the query side ---------------------------------------------------------------------

    def query_words(self, folded_text: str) -> list[str]:
        """The message's content words (canonical), with unknown words corrected or split where
        the phrasings know a close word ("schorssing" -> "schorsing", "aanpk" -> "aanpak").
        Correction comes before the synonyms, so that a typo inside "plan van aanpk" still
        becomes the abbreviation the phrasings use."""
        extra: list[str] = []
        corrected: list[str] = []
        attempts = 0
        for word in folded_text.split()[:MAX_WORDS]:
            corrected.append(word)
            if word in self.vocabulary or not 5 <= len(word) <= MAX_WORD_LENGTH or word.isdigit():
                continue
            if any(tx.stem(word, lang) in self.stems for lang in LANGS) or attempts >= MAX_CORRECTIONS:
                continue
            attempts += 1
            match = process.extractOne(word, self.known_words, scorer=fuzz.ratio, score_cutoff=80)
            if match is not None:
                corrected[-1] = match[0]
                extra.append(word)        # keep the typed form too, for its character n-grams
            else:
                extra.extend(self._split_compound(word))
        words = tx.words(tx.canonical(" ".join(corrected))) + tx.words(" ".join(extra))
        return words or tx.canonical(" ".join(corrected)).split()   # only small words: keep them all

    def _split_compound(self, word: str) -> list[str]:
        """Known words a Dutch compound is made of: "toestemmingsformulier" -> toestemming, formulier."""
        if len(word) < 8:
            return []
        for cut in range(len(word) - 4, 3, -1):
            head, tail = word[:cut], word[cut:]
            if tail in self.vocabulary or any(tx.stem(tail, lang) in self.stems for lang in LANGS):
                for linked in (head, head[:-1] if head.endswith("s") else None,
                               head[:-2] if head.endswith("en") else None):
                    if linked and linked in self.vocabulary:
                        return [linked, tail]
        return []

    def query_features(self, words: list[str], lang: str | None) -> dict[str, list[str]]:
        words = [w[:MAX_WORD_LENGTH] for w in words]
        langs = (lang,) if lang in LANGS else LANGS
        stems: list[str] = []
        for word in words:
            forms = {tx.stem(word, lg) for lg in langs} | ({tx.stem(word, lg) for lg in LANGS}
                                                           if lang in LANGS else set())
            stems.extend(sorted(forms))
        ordered = [tx.stem(w, langs[0]) for w in words]
        pairs = [f"{a}_{b}" for a, b in zip(ordered, ordered[1:])]
        if len(langs) == 1:
            other = next(lg for lg in LANGS if lg != langs[0])
            second = [tx.stem(w, other) for w in words]
            pairs += [f"{a}_{b}" for a, b in zip(second, second[1:])]
        return {"w": stems, "b": pairs, "c": tx.char_ngrams(words)}

    def similarities(self, features: dict[str, list[str]]) -> tuple[dict[int, float], dict[str, float]]:
        """Weighted cosine similarity of the query to every phrasing that shares a feature, and
        to every topic's centroid."""
        per_doc: dict[int, float] = defaultdict(float)
        per_topic: dict[int, float] = defaultdict(float)
        for space_name, weight in WEIGHTS.items():
            space = self.spaces[space_name]
            count = Counter(f for f in features[space_name] if f in space.idf)
            if not count:
                continue
            query = {f: (1.0 + math.log(n)) * space.idf[f] for f, n in count.items()}
            norm = math.sqrt(sum(w * w for w in query.values()))
            centroids = self.centroids[space_name]
            for feature, q_weight in query.items():
                factor = weight * q_weight / norm
                for doc, d_weight in space.postings.get(feature):
                    per_doc[doc] += factor * d_weight
                for topic_index, t_weight in centroids.get(feature):
                    per_topic[topic_index] += factor * t_weight
        return per_doc, {self.topics[i]: score for i, score in per_topic.items()}
