"""QB401 near-duplicate-question: two questions of the bank that read almost the same."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from qbank.lint.base import BankContext, BankFinding, BankRule
from qbank.lint.similarity import similar_pairs
from qbank.lint.text import normalise
from qbank.model import AnyQuestion, Description, Matching, MultipleChoice, SingleChoice


class Options(BaseModel):
    """Options of `near-duplicate-question`."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    threshold: float = Field(
        default=0.85,
        gt=0,
        le=1,
        description="Jaccard similarity of character 4-grams (stem + options) at which two "
        "questions count as near-duplicates.",
    )


def comparable_text(question: AnyQuestion) -> str:
    """Stem plus options (in sorted order, since options are shuffled), normalised."""
    parts = [normalise(question.stem)]
    if isinstance(question, SingleChoice | MultipleChoice):
        parts += sorted(normalise(option.text) for option in question.options)
    elif isinstance(question, Matching):
        parts += sorted(normalise(f"{p.left} {p.right}") for p in question.pairs)
    return "\n".join(parts)


class NearDuplicateQuestion(BankRule):
    """Two questions whose stem and options are nearly the same.

    ## What it does
    Compares every question's normalised stem plus options (full/half width, case and
    whitespace folded; options in sorted order) by the Jaccard similarity of their
    character 4-grams, which works for Chinese as well as English, and reports the later
    question of each pair at or above `threshold` (default 0.85) with a note pointing at the
    earlier one. Descriptions are skipped. Runs in about linear time (MinHash + LSH, then an
    exact check), so it is usable on banks of 100,000 questions.

    ## Why is this bad?
    A paper drawn from the bank can contain the same question twice, and a bank with
    copies cannot be maintained: a fix reaches one copy only.

    ## Example
    ```yaml
    - id: pool-1
      type: single_choice
      stem: 在卷积神经网络中加入池化层时,平移变换的不变性会被保留吗?
      options: [会, 不会, 看情况]
      answer: A
    - id: pool-2
      type: single_choice
      stem: 在卷积神经网络中加入池化层时,平移变换的不变性会被保留吗?
      options: [看情况, 会, 不会]
      answer: B
    ```

    ## Use instead
    Keep one of them (the other can become a variant in a different form):

    ```yaml
    - id: pool-1
      type: single_choice
      stem: 在卷积神经网络中加入池化层时,平移变换的不变性会被保留吗?
      options: [会, 不会, 看情况]
      answer: A
    - id: pool-2
      type: true_false
      stem: 最大池化对小范围平移具有一定的鲁棒性。
      answer: true
    ```
    """

    code = "QB401"
    name = "near-duplicate-question"
    severity = "warning"
    message = "near-duplicate of question '{other}' ({percent:.0f}% similar)"
    help = "remove or reword one of the two questions"
    options_model = Options

    def check_bank(self, ctx: BankContext) -> Iterator[BankFinding]:
        """Report each question that nearly repeats an earlier one (its closest match)."""
        questions = [q for q in ctx.loaded.bank.questions if not isinstance(q, Description)]
        texts = [comparable_text(q) for q in questions]
        best: dict[int, tuple[float, int]] = {}
        for i, j, similarity in similar_pairs(texts, self.options.threshold):
            if j not in best or similarity > best[j][0]:
                best[j] = (similarity, i)
        for j, (similarity, i) in sorted(best.items()):
            first, later = questions[i], questions[j]
            yield self.bank_finding(
                later.id,
                ("id",),
                related=[ctx.loaded.locate(first.id, "id")],
                other=first.id,
                percent=similarity * 100,
            )


RULE = NearDuplicateQuestion
