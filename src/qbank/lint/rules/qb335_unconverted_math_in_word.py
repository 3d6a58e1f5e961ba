"""QB335 unconverted-math-in-word: a formula the Word writer cannot turn into an equation."""

from __future__ import annotations

from qbank.lint.base import WriterRule


class UnconvertedMathInWord(WriterRule):
    r"""A formula that cannot be converted to a Word equation, in a Word export.

    ## What it does
    The Word writer (`qbank export -f docx`) converts each `$...$` formula to a native Word
    equation (OMML, through MathML). When the TeX cannot be converted (usually a syntax error
    such as a `^` with nothing after it, or an unclosed brace) it prints the TeX source in the
    *Math Text* style and reports the loss.

    ## Why is this bad?
    Students read TeX source instead of a formula, and the error is often a typo that changes
    the formula.

    ## Example
    ```yaml
    id: sa-1
    type: essay
    stem: 'Differentiate $x^$.'
    ```

    ## Use instead
    ```yaml
    id: sa-1
    type: essay
    stem: 'Differentiate $x^2$.'
    ```
    """

    code = "QB335"
    name = "unconverted-math-in-word"
    targets = ("docx",)
    message = "formula cannot be converted to a Word equation; its TeX source is printed"
    help = "check the TeX syntax of the formula"


RULE = UnconvertedMathInWord
