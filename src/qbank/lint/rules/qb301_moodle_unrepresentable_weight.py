"""QB301 moodle-unrepresentable-weight: a grade that Moodle's grade list cannot hold."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from functools import lru_cache

from qbank.lint.base import Finding, QuestionContext, QuestionRule
from qbank.model import AnyQuestion, MultipleChoice, Numerical, ShortAnswer
from qbank.moodle import accepted, format_percent, multichoice_weights


@lru_cache(maxsize=1024)
def _weights_ok(n_options: int, n_correct: int) -> bool:
    return multichoice_weights(n_options, n_correct) is not None


@lru_cache(maxsize=1024)
def _weight_ok(weight: float) -> bool:
    return accepted(Fraction(weight))


class MoodleUnrepresentableWeight(QuestionRule):
    """A partial-credit weight that Moodle's fixed grade list cannot represent.

    ## What it does
    For the `gift` target: in a `multiple_choice` question with partial scoring, each of k
    correct options is worth 100/k % and each of the n-k wrong ones costs 100/(n-k) %;
    Moodle accepts only the grades of its list (100, 90, 83.33333, 80, 75, 70, 66.66667,
    60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5 and their
    negatives). Reports a question whose weights are not in it, and a short-answer or
    numerical answer weight that is not. The GIFT writer reports the same code.

    ## Why is this bad?
    With Moodle's default import settings a grade outside the list stops the whole import;
    the GIFT writer therefore rounds it, and students are scored differently from the key.

    ## Example
    Two correct options out of 13: each wrong option would cost 100/11 = 9.09091 %, which is
    not in the list (up to 11 options every split works):

    ```yaml
    id: mc-1
    type: multiple_choice
    stem: Which of these are activation functions?
    options: [ReLU, tanh, SGD, Adam, RMSProp, L1, L2, dropout, batch norm, pooling,
      stride, padding, kernel]
    answer: [A, B]
    ```

    ## Use instead
    Ten options with two correct: +50 % and -12.5 %, both in the list:

    ```yaml
    id: mc-1
    type: multiple_choice
    stem: Which of these are activation functions?
    options: [ReLU, tanh, SGD, Adam, RMSProp, L1, L2, dropout, batch norm, pooling]
    answer: [A, B]
    ```
    """

    code = "QB301"
    name = "moodle-unrepresentable-weight"
    severity = "warning"
    targets = ("gift",)
    message = "{what} needs weight {weights}, which Moodle's grade list cannot hold"
    help = "change the number of options or correct answers (see docs/gift.md)"

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Report multiple-choice and answer weights outside Moodle's grade list."""
        if isinstance(question, MultipleChoice) and question.scoring == "partial":
            n, k = len(question.options), len(question.answer)
            if not _weights_ok(n, k):
                right = format_percent(Fraction(100, k))
                wrong = format_percent(Fraction(-100, n - k)) if n > k else "0"
                yield self.finding(
                    ("answer",),
                    what=f"{k} correct of {n} options",
                    weights=f"{right}%/{wrong}%",
                )
        elif isinstance(question, ShortAnswer | Numerical):
            weights: list[float] = [answer.weight for answer in question.answers]
            for i, weight in enumerate(weights):
                if not _weight_ok(weight):
                    yield self.finding(
                        ("answers", i, "weight"),
                        what=f"answer {i + 1}",
                        weights=f"{weight:g}%",
                        help="use one of Moodle's grades, e.g. 50, 33.33333, 25 or 20",
                    )


RULE = MoodleUnrepresentableWeight
