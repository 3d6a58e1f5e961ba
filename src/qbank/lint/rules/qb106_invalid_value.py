"""QB106 invalid-value: a field whose value the schema rejects."""

from __future__ import annotations

from qbank import load
from qbank.lint.base import LoaderRule


class InvalidValue(LoaderRule):
    """A value that does not fit its field: wrong type, out of range, empty, or malformed.

    ## What it does
    Reports the value at its position with what was expected, e.g. an answer letter
    beyond the last option, an empty stem, or an unknown question type.

    ## Why is this bad?
    The question cannot be built; exporting it would print a wrong key or nothing.

    ## Example
    ```yaml
    id: sc-1
    type: single_choice
    stem: Which layer shrinks a feature map?
    options: [pooling, dropout]
    answer: C
    ```

    ## Use instead
    ```yaml
    id: sc-1
    type: single_choice
    stem: Which layer shrinks a feature map?
    options: [pooling, dropout]
    answer: A
    ```
    """

    code = load.INVALID_VALUE
    name = "invalid-value"
    message = "{field}: {problem}"


RULE = InvalidValue
