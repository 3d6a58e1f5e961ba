"""QB103 duplicate-key: the same key twice in one YAML mapping."""

from __future__ import annotations

from qbank import load
from qbank.lint.base import LoaderRule


class DuplicateKey(LoaderRule):
    """A YAML mapping that has the same key twice.

    ## What it does
    Reports the second occurrence of a key, with a note pointing at the first.

    ## Why is this bad?
    YAML parsers keep only the last value and drop the first without a word, so an answer
    key or an option list that the author can see in the file silently disappears.

    ## Example
    ```yaml
    id: tf-1
    type: true_false
    stem: Dropout is active at test time.
    answer: true
    answer: false
    ```

    ## Use instead
    ```yaml
    id: tf-1
    type: true_false
    stem: Dropout is active at test time.
    answer: false
    ```
    """

    code = load.DUPLICATE_KEY
    name = "duplicate-key"
    message = "duplicate key {key!r}: the later value would silently replace the earlier one"
    help = "remove one of the two keys"


RULE = DuplicateKey
