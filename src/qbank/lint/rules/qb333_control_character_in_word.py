"""QB333 control-character-in-word: a control character that a Word document cannot hold."""

from __future__ import annotations

from qbank.lint.base import WriterRule


class ControlCharacterInWord(WriterRule):
    r"""A control character (U+0000 to U+001F except tab and newlines) in a text, in a Word export.

    ## What it does
    A Word document is XML, which cannot hold these characters. The Word writer
    (`qbank export -f docx`) drops them and reports which ones, near the text.

    ## Why is this bad?
    They are invisible mistakes (often `"\a"` or `"\b"` in a double-quoted YAML string, where
    the author meant a backslash), so the printed text is not what the author wrote: in
    `"\beta"` the `\b` is a backspace and the `$\beta$` formula loses its command.

    ## Example
    ```yaml
    id: tf-1
    type: true_false
    stem: "The momentum coefficient is often written $\beta$."
    answer: true
    ```

    ## Use instead
    Write backslashes in single-quoted (or plain) YAML strings:

    ```yaml
    id: tf-1
    type: true_false
    stem: 'The momentum coefficient is often written $\beta$.'
    answer: true
    ```
    """

    code = "QB333"
    name = "control-character-in-word"
    targets = ("docx",)
    message = "control character(s) {chars} cannot be stored in Word and were dropped"
    help = "remove the control characters from the text"


RULE = ControlCharacterInWord
