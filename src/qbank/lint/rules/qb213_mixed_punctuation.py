"""QB213 mixed-punctuation: Chinese text that mixes ASCII and full-width punctuation."""

from __future__ import annotations

import re
from collections.abc import Iterator

from qbank.lint.base import Finding, QuestionContext, QuestionRule
from qbank.lint.text import prose
from qbank.model import AnyQuestion

_CJK = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
_HAS_CJK = re.compile(_CJK)
# ASCII punctuation written against a Chinese character, where full-width belongs.
_ASCII = re.compile(rf"{_CJK}[,;:?!()]|[,;:?!()]{_CJK}|{_CJK}\.(?!\d)")
_FULL = re.compile(r"[，。；：？！（）、]")


class MixedPunctuation(QuestionRule):
    """Chinese text whose punctuation is partly ASCII and partly full-width.

    ## What it does
    In a text field with Chinese characters, warns when full-width punctuation (`，。？（）`)
    and ASCII punctuation written next to a Chinese character (`,` `?` `(`) both occur. Code,
    math and English runs (`ReLU, tanh`) are not counted. Off by default: select it with
    `extend-select: [QB213]`.

    ## Why is this bad?
    Mixed punctuation looks careless in print: ASCII commas and brackets are narrower and
    sit differently in a line of Chinese text.

    ## Example
    ```yaml
    id: tf-1
    type: true_false
    stem: 池化层(pooling layer)会保留平移不变性，是吗?
    answer: true
    ```

    ## Use instead
    ```yaml
    id: tf-1
    type: true_false
    stem: 池化层（pooling layer）会保留平移不变性，是吗？
    answer: true
    ```
    """

    code = "QB213"
    name = "mixed-punctuation"
    severity = "warning"
    default = False
    message = "Chinese text mixes ASCII ({ascii}) and full-width ({full}) punctuation"
    help = "use full-width punctuation (，。？！：；（）) throughout Chinese text"

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Report every Chinese field with both kinds of punctuation."""
        for path, text in ctx.fields:
            if not _HAS_CJK.search(text) or not _FULL.search(text):
                continue
            runs = list(prose(text))
            ascii_marks = [m.group() for run in runs for m in _ASCII.finditer(run)]
            full_marks = [m.group() for run in runs for m in _FULL.finditer(run)]
            if ascii_marks and full_marks:
                ascii_shown = "".join(sorted({c for m in ascii_marks for c in m if c.isascii()}))
                yield self.finding(
                    path, ascii=" ".join(ascii_shown), full=" ".join(sorted(set(full_marks)))
                )


RULE = MixedPunctuation
