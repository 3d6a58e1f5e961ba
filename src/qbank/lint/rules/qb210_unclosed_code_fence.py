"""QB210 unclosed-code-fence: a fenced code block that runs to the end of the text."""

from __future__ import annotations

from collections.abc import Iterator

from qbank.lint.base import Finding, QuestionContext, QuestionRule
from qbank.lint.text import tokens
from qbank.model import AnyQuestion


def unclosed_fence(text: str) -> bool:
    """Whether a fenced code block in the Markdown text has no closing fence."""
    lines = text.splitlines()
    for token in tokens(text):
        if token.type != "fence" or token.map is None:
            continue
        last = token.map[1] - 1
        if last <= token.map[0] or last >= len(lines):
            return True
        closing = lines[last].lstrip(" \t>")
        marker = token.markup
        if not (closing.startswith(marker) and not closing.lstrip(marker[0]).strip()):
            return True
    return False


class UnclosedCodeFence(QuestionRule):
    """A code fence (```` ``` ```` or `~~~`) that is opened and never closed.

    ## What it does
    Reports a text in which a fenced code block has no closing fence, so Markdown swallows
    everything after it into the code block.

    ## Why is this bad?
    The rest of the explanation (or stem) is printed as code, in a monospace box.

    ## Example
    ```yaml
    id: tf-1
    type: true_false
    stem: Dropout is active at test time.
    answer: false
    explanation: |
      In PyTorch:

      ~~~python
      model.eval()

      `eval()` turns dropout off.
    ```

    ## Use instead
    ```yaml
    id: tf-1
    type: true_false
    stem: Dropout is active at test time.
    answer: false
    explanation: |
      In PyTorch:

      ~~~python
      model.eval()
      ~~~

      `eval()` turns dropout off.
    ```
    """

    code = "QB210"
    name = "unclosed-code-fence"
    message = "code fence is never closed"
    help = "close the code block with a line holding the same fence (``` or ~~~)"

    def check(self, question: AnyQuestion, ctx: QuestionContext) -> Iterator[Finding]:
        """Report every text with an unclosed fence."""
        for path, text in ctx.fields:
            if ("```" in text or "~~~" in text) and unclosed_fence(text):
                yield self.finding(path)


RULE = UnclosedCodeFence
