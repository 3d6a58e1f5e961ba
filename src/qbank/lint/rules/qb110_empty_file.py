"""QB110 empty-file: a question file with nothing in it."""

from __future__ import annotations

from qbank import load
from qbank.lint.base import LoaderRule


class EmptyFile(LoaderRule):
    """A question file that holds no question (empty, or only comments).

    ## What it does
    Warns about a `.yaml` file in the bank that is empty.

    ## Why is this bad?
    Usually a question that was meant to be written, or a file emptied by a bad merge.

    ## Example
    ```yaml
    # TODO: question about batch normalisation
    ```

    ## Use instead
    ```yaml
    id: bn-1
    type: true_false
    stem: Batch normalisation uses batch statistics at test time.
    answer: false
    ```
    """

    code = load.EMPTY_FILE
    name = "empty-file"
    severity = "warning"
    message = "file holds no question"
    help = "write the question, or delete the file"


RULE = EmptyFile
